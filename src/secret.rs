//! Secrets that must never reach a log line.

use std::fmt;

/// A secret value (token, password). `Debug` and `Display` print `[redacted]`;
/// the value is only reachable through [`Secret::expose`], so every use is
/// visible in the code.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret itself. Call this only where it is sent to its service.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// A database URL whose password is hidden when printed.
#[derive(Clone, PartialEq, Eq)]
pub struct DatabaseUrl(Secret);

impl DatabaseUrl {
    pub fn new(url: impl Into<String>) -> Self {
        Self(Secret::new(url))
    }

    pub fn expose(&self) -> &str {
        self.0.expose()
    }

    /// The URL with any password replaced by `***` — in the userinfo part
    /// and in query parameters such as `password=` or `sslpassword=` —
    /// fit for logs.
    pub fn redacted(&self) -> String {
        let Ok(mut url) = url::Url::parse(self.expose()) else {
            return "[unparsable database url]".to_string();
        };
        if url.password().is_some() {
            let _ = url.set_password(Some("***"));
        }
        if url.query().is_some() {
            let pairs: Vec<(String, String)> = url
                .query_pairs()
                .map(|(k, v)| {
                    let secret = k.to_ascii_lowercase().ends_with("password");
                    let v = if secret {
                        "***".to_string()
                    } else {
                        v.into_owned()
                    };
                    (k.into_owned(), v)
                })
                .collect();
            url.query_pairs_mut().clear().extend_pairs(pairs);
        }
        url.to_string()
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DatabaseUrl({})", self.redacted())
    }
}

impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_do_not_print() {
        let s = Secret::new("hf_abcdef");
        assert!(!format!("{s:?} {s}").contains("hf_abcdef"));
        assert_eq!(s.expose(), "hf_abcdef");
    }

    #[test]
    fn database_password_is_hidden() {
        let url = DatabaseUrl::new("postgres://bot:hunter2@db:5432/somos");
        let shown = format!("{url:?} {url}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("bot"));
    }

    #[test]
    fn database_password_in_the_query_is_hidden() {
        for raw in [
            "postgres://db:5432/somos?user=bot&password=hunter2",
            "postgres://db/somos?PASSWORD=hunter2&sslmode=require",
            "postgres://db/somos?sslmode=verify-full&sslpassword=hunter2",
            "postgres://bot:hunter2@db/somos?password=hunter2",
        ] {
            let url = DatabaseUrl::new(raw);
            let shown = format!("{url:?} {url}");
            assert!(!shown.contains("hunter2"), "{shown}");
            assert!(shown.contains("somos"), "{shown}");
        }
        let kept = DatabaseUrl::new("postgres://db/somos?sslmode=require&application_name=bot");
        assert_eq!(
            kept.redacted(),
            "postgres://db/somos?sslmode=require&application_name=bot"
        );
    }
}
