// The app's one zustand store, built from slices (one file each in slices/). State is plain data
// the UI renders; actions call the workers. Model bytes are not in here (model_registry.ts).

import { create } from 'zustand';
import { createCompareSlice, type CompareSlice } from './slices/compare';
import { createDrawSlice, type DrawSlice } from './slices/draw';
import { createLearnSlice, type LearnSlice } from './slices/learn';
import { createModelsSlice, type ModelsSlice } from './slices/models';
import { createTrainSlice, type TrainSlice } from './slices/train';
import { createUiSlice, type UiSlice } from './slices/ui';
import { createUploadSlice, type UploadSlice } from './slices/upload';

export type Store = UiSlice & TrainSlice & ModelsSlice & CompareSlice & DrawSlice & UploadSlice & LearnSlice;

export const useStore = create<Store>()((...a) => ({
  ...createUiSlice(...a),
  ...createTrainSlice(...a),
  ...createModelsSlice(...a),
  ...createCompareSlice(...a),
  ...createDrawSlice(...a),
  ...createUploadSlice(...a),
  ...createLearnSlice(...a),
}));
