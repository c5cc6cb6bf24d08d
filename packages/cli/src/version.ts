/** This package's version, shown by `traceloom --version` and the viewer. */
export const VERSION = "0.1.0";
