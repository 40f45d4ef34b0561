export declare const FIREFOX_PATH: string;
