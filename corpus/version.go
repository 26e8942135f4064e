package corpus

// ParserVersion names what Parse makes of a document. Stores of parsed
// documents (package store) parse again a document parsed by another
// version, so bump it whenever Parse's output, or the Document type,
// changes.
const ParserVersion = "2026-12-08.4"
