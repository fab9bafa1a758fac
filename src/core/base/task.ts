/** What a network is trained to do: pick a class, or predict numbers. Losses and data sets both speak of it. */
export type Task = "classification" | "regression";
