package nlq

import "github.com/shopspring/decimal"

// Request is one question, the same on the command line (--jsonl) and over
// HTTP. All fields but Question are optional.
type Request struct {
	Question   string `json:"question"`
	Department string `json:"department,omitempty"`
	Year       int    `json:"year,omitempty"`
	SessionID  string `json:"session_id,omitempty"`
	// Client is who asks (an address, a WeChat user), set by the server:
	// one client's sessions are bounded apart from the others'.
	Client string `json:"-"`
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
	// Clarify, set when the question could be about several departments
	// and none was named, says what to choose; Answered is then false.
	Clarify *Clarify `json:"clarify,omitempty"`
	Error   *Error   `json:"error,omitempty"`

	resolved Query    // the query as answered, kept by the session
	figures  []figure // the figures answered, kept by the session
}

// Clarify asks the person to choose the department a question is about,
// among those whose documents answer it with different figures.
type Clarify struct {
	Missing  string   `json:"missing"`  // "department"
	Question string   `json:"question"` // 您问的是哪个部门？
	Options  []Option `json:"options"`
}

// Option is one choice of a Clarify: a department, and the question to
// send to ask about it.
type Option struct {
	Label      string `json:"label"`
	Department string `json:"department"`
	Question   string `json:"question"`
}

// AnswerBody is the answer itself: a sentence, and the figure as machine
// readable fields.
type AnswerBody struct {
	Text  string `json:"text"`
	Value Figure `json:"value,omitzero"` // the figure, if the answer has one
	Unit  string `json:"unit,omitempty"`
	Items []Item `json:"items,omitempty"` // lists and rankings
}

// Item is one entry of a list or ranking. An entry of an answer over
// several departments or years also names its department and year and
// cites its own source.
type Item struct {
	Name       string     `json:"name"`
	Value      Figure     `json:"value,omitzero"`
	Unit       string     `json:"unit,omitempty"`
	Department string     `json:"department,omitempty"`
	Year       int        `json:"year,omitempty"`
	Source     *SourceRef `json:"source,omitempty"`
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

// Figure is the figure of an answer or of an item, or none. It stays a
// decimal until it is written: JSON as a decimal string without thousands
// separators ("1273.5"), String the same.
type Figure struct{ decimal.NullDecimal }

// String returns the figure as a decimal string, or "" when there is none.
func (f Figure) String() string {
	if !f.Valid {
		return ""
	}
	return f.Decimal.String()
}

// NewFigure wraps a figure for AnswerBody.Value and Item.Value.
func NewFigure(v decimal.Decimal) Figure { return Figure{decimal.NewNullDecimal(v)} }
