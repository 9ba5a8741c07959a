/** Most units of one product in a cart; adds beyond it are capped, not refused. */
export const MAX_QUANTITY = 99;
/** Most lines (distinct products) in a cart. */
export const MAX_LINES = 50;
