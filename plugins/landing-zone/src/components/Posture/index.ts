export { PosturePage } from './PosturePage';
