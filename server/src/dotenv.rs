//! Reads an optional `.env` file: `KEY=value` lines, `#` comments, optional
//! quotes. Variables already in the environment win.

pub fn parse(text: &str) -> Vec<(String, String)> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .filter_map(|line| {
            let line = line.strip_prefix("export ").unwrap_or(line);
            let (key, value) = line.split_once('=')?;
            let value = value.trim();
            let value = value
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
                .unwrap_or(value);
            Some((key.trim().to_string(), value.to_string()))
        })
        .collect()
}

/// Loads `.env` from the working directory, if there is one. Call before any
/// thread starts.
pub fn load() {
    let Ok(text) = std::fs::read_to_string(".env") else {
        return;
    };
    for (key, value) in parse(&text) {
        if std::env::var_os(&key).is_none() {
            std::env::set_var(key, value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_blank_lines_exports_and_quotes_are_understood() {
        let vars = parse("# comment\n\nDATABASE_URL=sqlite://x.db\nexport BASE_URL=\"http://h:1\"\nMAIL_FROM='A <a@b.c>'\nbad line\n");
        assert_eq!(
            vars,
            vec![
                ("DATABASE_URL".to_string(), "sqlite://x.db".to_string()),
                ("BASE_URL".to_string(), "http://h:1".to_string()),
                ("MAIL_FROM".to_string(), "A <a@b.c>".to_string()),
            ]
        );
    }
}
