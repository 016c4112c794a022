// A count of the elementary steps the editor checks take (tokens visited, characters scanned,
// lookups). Tests and `npm run bench` bound the work by the input's size with it instead of timing
// it (docs/editor-performance.md). Counting costs one addition per step.

export const workMeter = { steps: 0 };
