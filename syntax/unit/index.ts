export {
  quoteWord,
  words,
  scalarValue,
  envAssignment,
  labelAssignment,
  type WordOptions,
  type ScalarOptions,
} from "./escape.js";
export { unitFile, type UnitEntry, type UnitSection } from "./unit-file.js";
