// The lab worker: exposes labApi (lab_api.ts) to the page through comlink.
import { expose } from 'comlink';
import { labApi } from './lab_api';

expose(labApi);
