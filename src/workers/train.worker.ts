// The training worker: exposes trainApi (train_api.ts) to the page through comlink.
import { expose } from 'comlink';
import { trainApi } from './train_api';

expose(trainApi);
