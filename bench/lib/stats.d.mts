export declare function percentile(values: number[], p: number): number;
