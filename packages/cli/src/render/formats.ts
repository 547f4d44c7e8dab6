// The cell type's old address: endpoint/vos.ts and endpoint/projects.ts import it from here.
export type { Cell } from './simple-table.js';
