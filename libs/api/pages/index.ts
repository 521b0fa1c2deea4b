export * from './pages-router';
