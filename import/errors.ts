/** Input import cannot read (malformed XML, an unknown object type, a duplicate name): the message names the file or object and the element. */
export class ImportError extends Error {}
