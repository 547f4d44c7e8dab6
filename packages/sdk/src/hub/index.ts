export { callHub, hubApiUrl, hubError, type HubAnswer, type HubCall } from './api.js';
