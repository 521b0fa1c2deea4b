export * from './cell-accuracies';
export * from './watch-loop';
