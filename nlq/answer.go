package nlq

// Request is one question, the same on the command line (--jsonl) and over
// HTTP. All fields but Question are optional.
type Request struct {
	Question   string `json:"question"`
	Department string `json:"department,omitempty"`
	Year       int    `json:"year,omitempty"`
	SessionID  string `json:"session_id,omitempty"`
}

// Response is the answer to one Request.
type Response struct {
	Question       string      `json:"question"`
	Answered       bool        `json:"answered"`
	Intent         string      `json:"intent"`
	Answer         AnswerBody  `json:"answer"`
	Interpretation string      `json:"interpretation,omitempty"`
	Query          string      `json:"query,omitempty"`
	Sources        []SourceRef `json:"sources"`
	Arithmetic     string      `json:"arithmetic,omitempty"`
	Notes          []string    `json:"notes,omitempty"`
	Alternatives   []string    `json:"alternatives,omitempty"`
	Suggestions    []string    `json:"suggestions,omitempty"`
	// Related cites the passages closest to a question that was not
	// answered, so the reader can look for themselves.
	Related []SourceRef `json:"related,omitempty"`
	Error   *Error      `json:"error,omitempty"`
}

// AnswerBody is the answer itself: a sentence, and the figure as machine
// readable fields.
type AnswerBody struct {
	Text  string `json:"text"`
	Value string `json:"value,omitempty"` // decimal string, no thousands separators
	Unit  string `json:"unit,omitempty"`
	Items []Item `json:"items,omitempty"` // lists and rankings
}

// Item is one entry of a list or ranking.
type Item struct {
	Name  string `json:"name"`
	Value string `json:"value,omitempty"`
	Unit  string `json:"unit,omitempty"`
}

// SourceRef cites where a figure or sentence came from. DocID names the
// file it was read from (the part, for a document published as several
// files); Page and Box place it on the printed page of a PDF, in points
// from the page's top left as displayed (x0, y0, x1, y1).
type SourceRef struct {
	Document string      `json:"document"`
	DocID    string      `json:"doc_id,omitempty"`
	File     string      `json:"file,omitempty"`
	Table    string      `json:"table,omitempty"`
	Row      string      `json:"row,omitempty"`
	Column   string      `json:"column,omitempty"`
	Line     int         `json:"line,omitempty"`
	Page     int         `json:"page,omitempty"`
	Box      *[4]float64 `json:"box,omitempty"`
	Quote    string      `json:"quote,omitempty"`
}

// Error is a malformed request, with a code and a Chinese message.
type Error struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}
