import { Rating } from './Rating';

export default { component: Rating };

export const Empty = {};

export const ThreeOfFive = { args: { initial: 3 } };
