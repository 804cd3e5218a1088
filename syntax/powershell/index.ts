/** PowerShell quoting: the only way this project turns data into PowerShell source. Example: `psString("it's")`. */
export { psArray, psString, PS_SINGLE_QUOTES } from "./quote.js";
