//! Reading the CSV file for inviting staff in bulk.
//!
//! The file has a header row (`email`, `role`, `EMIS username`) and then one
//! row per person. Quoting follows RFC 4180: a field in double quotes may hold
//! commas, line breaks and doubled quotes (`""`). Lines may end in CRLF or LF
//! and a UTF-8 byte order mark is ignored. A row whose fields are all empty
//! (including `,,` as spreadsheets save empty rows) is blank; blank rows at
//! the end of the file are dropped, blank rows elsewhere are reported.
//!
//! This only checks the shape of the file. Whether each email, role and
//! EMIS username is valid is checked by the caller.

use serde::{Deserialize, Serialize};

/// The most data rows (not counting the header) one file may have.
pub const MAX_ROWS: usize = 1000;

/// A data row with the expected columns, fields trimmed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CsvRow {
    /// 1-based line number in the file where the row starts; the header is line 1.
    pub line: usize,
    pub email: String,
    pub role: String,
    /// Empty when the column is empty or missing.
    pub emis_username: String,
}

/// A problem with the whole file, so no row can be used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CsvProblem {
    Empty,
    /// The first row's fields, trimmed and joined with ", ".
    WrongHeaders {
        found: String,
    },
    /// Data rows, not counting the header.
    TooManyRows {
        rows: usize,
    },
    /// A quotation mark opened in the row starting on `line` is never closed.
    Unreadable {
        line: usize,
    },
}

impl CsvProblem {
    /// The error message to show, in plain English.
    pub fn message(&self) -> String {
        match self {
            CsvProblem::Empty => "The selected file is empty".to_string(),
            CsvProblem::WrongHeaders { found } if found.is_empty() => {
                format!("{HEADERS_NEEDED}. The first row is empty")
            }
            CsvProblem::WrongHeaders { found } => format!("{HEADERS_NEEDED}. Found: {found}"),
            CsvProblem::TooManyRows { rows } => format!(
                "The file has {} rows. Upload a file with {} rows or fewer",
                with_commas(*rows),
                with_commas(MAX_ROWS)
            ),
            CsvProblem::Unreadable { line } => {
                format!("Row {line} could not be read: a quotation mark is not closed")
            }
        }
    }
}

const HEADERS_NEEDED: &str = "The first row must be the column names: email, role, EMIS username";

/// What one data row turned out to be.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RowShape {
    Row(CsvRow),
    Blank { line: usize },
    WrongColumns { line: usize, found: usize },
}

/// Splits the file into data rows, checking the header and the number of rows.
/// A file with only the header gives an empty list.
pub fn parse(text: &str) -> Result<Vec<RowShape>, CsvProblem> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut records = records(text)?;
    while records.last().is_some_and(Record::is_blank) {
        records.pop();
    }
    let Some((header, rows)) = records.split_first() else {
        return Err(CsvProblem::Empty);
    };
    if !is_header(&header.fields) {
        let found: Vec<&str> = header.fields.iter().map(|f| f.trim()).collect();
        let found = if header.is_blank() {
            String::new()
        } else {
            found.join(", ")
        };
        return Err(CsvProblem::WrongHeaders { found });
    }
    if rows.len() > MAX_ROWS {
        return Err(CsvProblem::TooManyRows { rows: rows.len() });
    }
    Ok(rows.iter().map(shape).collect())
}

/// One record of the file: its fields untrimmed, and the line it starts on.
struct Record {
    line: usize,
    fields: Vec<String>,
}

impl Record {
    fn is_blank(&self) -> bool {
        self.fields.iter().all(|f| f.trim().is_empty())
    }
}

fn is_header(fields: &[String]) -> bool {
    let names: Vec<String> = fields.iter().map(|f| f.trim().to_lowercase()).collect();
    match names.as_slice() {
        [email, role, emis] => {
            matches!(email.as_str(), "email" | "email address")
                && role == "role"
                && matches!(emis.as_str(), "emis username" | "emis_username")
        }
        _ => false,
    }
}

fn shape(record: &Record) -> RowShape {
    let line = record.line;
    if record.is_blank() {
        return RowShape::Blank { line };
    }
    let field = |i: usize| {
        record
            .fields
            .get(i)
            .map(|f| f.trim().to_string())
            .unwrap_or_default()
    };
    match record.fields.len() {
        2 | 3 => RowShape::Row(CsvRow {
            line,
            email: field(0),
            role: field(1),
            emis_username: field(2),
        }),
        found => RowShape::WrongColumns { line, found },
    }
}

/// Splits text into records following RFC 4180. The text always yields at
/// least one record (possibly a single empty field).
fn records(text: &str) -> Result<Vec<Record>, CsvProblem> {
    let mut out = Vec::new();
    let mut fields = Vec::new();
    let mut field = String::new();
    // `quoted`: inside quotes now; `was_quoted`: this field had quotes.
    let (mut quoted, mut was_quoted) = (false, false);
    let (mut line, mut start) = (1, 1);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                // The LF of a CRLF is kept on the next turn.
                '\r' if chars.peek() == Some(&'\n') => {}
                '\n' => {
                    line += 1;
                    field.push('\n');
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            // Spaces before an opening quote are dropped, as fields are trimmed.
            '"' if !was_quoted && field.trim().is_empty() => {
                field.clear();
                quoted = true;
                was_quoted = true;
            }
            ',' => {
                fields.push(std::mem::take(&mut field));
                was_quoted = false;
            }
            '\r' | '\n' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                fields.push(std::mem::take(&mut field));
                was_quoted = false;
                out.push(Record {
                    line: start,
                    fields: std::mem::take(&mut fields),
                });
                line += 1;
                start = line;
            }
            _ => field.push(c),
        }
    }
    if quoted {
        return Err(CsvProblem::Unreadable { line: start });
    }
    fields.push(field);
    out.push(Record {
        line: start,
        fields,
    });
    Ok(out)
}

/// 10000 → "10,000".
fn with_commas(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(line: usize, email: &str, role: &str, emis: &str) -> RowShape {
        RowShape::Row(CsvRow {
            line,
            email: email.to_string(),
            role: role.to_string(),
            emis_username: emis.to_string(),
        })
    }

    #[test]
    fn a_good_file_gives_one_trimmed_row_per_person() {
        let text = "email,role,EMIS username\n\
                    ann@example.nhs.uk, GP ,ANN01\n\
                    bob@example.nhs.uk,Nurse,\n";
        assert_eq!(
            parse(text),
            Ok(vec![
                row(2, "ann@example.nhs.uk", "GP", "ANN01"),
                row(3, "bob@example.nhs.uk", "Nurse", ""),
            ])
        );
    }

    #[test]
    fn a_quoted_field_may_hold_commas_quotes_and_line_breaks() {
        let text = "email,role,emis username\n\
                    ann@example.nhs.uk,\"Nurse, practice\",\"say \"\"hi\"\"\"\n\
                    bob@example.nhs.uk,\"GP\nlocum\",B1\n\
                    cat@example.nhs.uk,GP,C1";
        assert_eq!(
            parse(text),
            Ok(vec![
                row(2, "ann@example.nhs.uk", "Nurse, practice", "say \"hi\""),
                row(3, "bob@example.nhs.uk", "GP\nlocum", "B1"),
                row(5, "cat@example.nhs.uk", "GP", "C1"),
            ])
        );
    }

    #[test]
    fn a_byte_order_mark_and_crlf_line_endings_are_accepted() {
        let text = "\u{feff}Email Address,Role,EMIS_Username\r\nann@example.nhs.uk,GP,A1\r\n";
        assert_eq!(
            parse(text),
            Ok(vec![row(2, "ann@example.nhs.uk", "GP", "A1")])
        );
    }

    #[test]
    fn wrong_headers_are_refused_and_named_in_the_message() {
        let problem = parse("name,email,role\nAnn,ann@example.nhs.uk,GP\n");
        assert_eq!(
            problem,
            Err(CsvProblem::WrongHeaders {
                found: "name, email, role".to_string()
            })
        );
        assert_eq!(
            problem.map_err(|p| p.message()),
            Err(
                "The first row must be the column names: email, role, EMIS username. \
                 Found: name, email, role"
                    .to_string()
            )
        );
    }

    #[test]
    fn a_first_row_that_is_empty_is_wrong_headers() {
        let problem = parse("\nemail,role,emis username\n");
        assert_eq!(
            problem,
            Err(CsvProblem::WrongHeaders {
                found: String::new()
            })
        );
    }

    #[test]
    fn an_empty_file_or_one_of_blank_lines_is_empty() {
        assert_eq!(parse(""), Err(CsvProblem::Empty));
        assert_eq!(parse("\u{feff}\r\n\r\n"), Err(CsvProblem::Empty));
        assert_eq!(CsvProblem::Empty.message(), "The selected file is empty");
    }

    #[test]
    fn a_file_with_only_the_header_has_no_rows() {
        assert_eq!(parse("email,role,emis username"), Ok(vec![]));
    }

    #[test]
    fn a_blank_row_in_the_middle_is_reported_but_trailing_blank_lines_are_ignored() {
        let text = "email,role,emis username\na@x.uk,GP,A\n\n,,\nb@x.uk,GP,B\n\n,,\n\n";
        assert_eq!(
            parse(text),
            Ok(vec![
                row(2, "a@x.uk", "GP", "A"),
                RowShape::Blank { line: 3 },
                RowShape::Blank { line: 4 },
                row(5, "b@x.uk", "GP", "B"),
            ])
        );
    }

    #[test]
    fn ten_thousand_rows_are_refused() {
        let mut text = String::from("email,role,emis username\n");
        for i in 0..10_000 {
            text.push_str(&format!("p{i}@example.nhs.uk,GP,P{i}\n"));
        }
        let problem = parse(&text);
        assert_eq!(problem, Err(CsvProblem::TooManyRows { rows: 10_000 }));
        assert_eq!(
            problem.map_err(|p| p.message()),
            Err("The file has 10,000 rows. Upload a file with 1,000 rows or fewer".to_string())
        );
    }

    #[test]
    fn exactly_the_maximum_number_of_rows_is_accepted() {
        let mut text = String::from("email,role,emis username\n");
        for i in 0..MAX_ROWS {
            text.push_str(&format!("p{i}@example.nhs.uk,GP,\n"));
        }
        assert_eq!(parse(&text).map(|rows| rows.len()), Ok(MAX_ROWS));
    }

    #[test]
    fn a_two_column_row_has_an_empty_emis_username() {
        let text = "email,role,emis username\na@x.uk,GP\n";
        assert_eq!(parse(text), Ok(vec![row(2, "a@x.uk", "GP", "")]));
    }

    #[test]
    fn a_row_with_one_or_four_columns_has_the_wrong_columns() {
        let text = "email,role,emis username\na@x.uk\na@x.uk,GP,A,extra\n";
        assert_eq!(
            parse(text),
            Ok(vec![
                RowShape::WrongColumns { line: 2, found: 1 },
                RowShape::WrongColumns { line: 3, found: 4 },
            ])
        );
    }

    #[test]
    fn an_unterminated_quote_makes_the_file_unreadable_at_its_row() {
        let text = "email,role,emis username\na@x.uk,GP,A\nb@x.uk,\"GP,B\nc@x.uk,GP,C\n";
        let problem = parse(text);
        assert_eq!(problem, Err(CsvProblem::Unreadable { line: 3 }));
        assert_eq!(
            problem.map_err(|p| p.message()),
            Err("Row 3 could not be read: a quotation mark is not closed".to_string())
        );
    }

    #[test]
    fn numbers_in_messages_have_thousands_separators() {
        assert_eq!(with_commas(0), "0");
        assert_eq!(with_commas(999), "999");
        assert_eq!(with_commas(1000), "1,000");
        assert_eq!(with_commas(1234567), "1,234,567");
    }
}
