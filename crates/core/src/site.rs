//! The site of an article URL (`www.jawharafm.net/ar/…` → `jawharafm.net`): one outlet identity whatever name its pages give.

/// Host prefixes that name the same site as the bare host.
const SAME_SITE_PREFIXES: [&str; 4] = ["www.", "m.", "amp.", "mobile."];

/// The lower-case host of an absolute `http(s)` (or scheme-less `//host/…`) URL without the
/// user part, the port and a `www.`/`m.`/`amp.`/`mobile.` prefix; `None` when `url` has no
/// plausible host (no dot, characters a host cannot have, an IP literal).
pub fn site_of(url: &str) -> Option<String> {
    let url = url.trim();
    let rest = match url.find("://") {
        Some(i) => {
            let scheme = url.get(..i)?;
            if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
                return None;
            }
            url.get(i + 3..)?
        }
        None => url.strip_prefix("//")?,
    };
    let authority = rest.split(['/', '?', '#']).next()?;
    // An archived copy (`web.archive.org/web/20170611000000/http://…`) is the original's page.
    if let Some(inner) = archived_url(authority, rest) {
        return site_of(inner);
    }
    let host_port = authority.rsplit('@').next()?;
    if host_port.starts_with('[') {
        return None; // IPv6 literal
    }
    let host = host_port.split(':').next()?.trim_end_matches('.');
    let mut host = host.to_ascii_lowercase();
    let plausible = !host.is_empty()
        && host.len() <= 253
        && host.contains('.')
        && host
            .split('.')
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_alphanumeric() || c == '-'))
        && !host.chars().all(|c| c.is_ascii_digit() || c == '.');
    if !plausible {
        return None;
    }
    while let Some(p) = SAME_SITE_PREFIXES.iter().find(|p| host.starts_with(*p)) {
        let bare = host.get(p.len()..).unwrap_or_default();
        if !bare.contains('.') {
            break; // "m.com" stays
        }
        host = bare.to_string();
    }
    Some(host)
}

/// Sites whose pages come from many outlets — news aggregators, feed proxies, link shorteners,
/// social networks and messaging channels (a Telegram channel or an X account is its own
/// source): their site does not name one outlet. Subdomains count too (`web.facebook.com`).
const MANY_OUTLET_SITES: [&str; 24] = [
    "news.google.com",
    "feedproxy.google.com",
    "feeds.feedburner.com",
    "news.yahoo.com",
    "msn.com",
    "flipboard.com",
    "nabd.com",
    "t.co",
    "bit.ly",
    "goo.gl",
    "ow.ly",
    "tinyurl.com",
    "archive.ph",
    "archive.today",
    "t.me",
    "telegram.me",
    "facebook.com",
    "twitter.com",
    "x.com",
    "instagram.com",
    "youtube.com",
    "youtu.be",
    "tiktok.com",
    "medium.com",
];

/// Whether every page of `site` (from [`site_of`]) is published by one outlet: not a news
/// aggregator, feed proxy, link shortener or social network.
pub fn is_single_outlet_site(site: &str) -> bool {
    !MANY_OUTLET_SITES
        .iter()
        .any(|m| site == *m || site.strip_suffix(m).is_some_and(|head| head.ends_with('.')))
}

/// The original URL inside a Wayback Machine address (`authority` = its host part, `rest` = the
/// URL after the scheme).
fn archived_url<'a>(authority: &str, rest: &'a str) -> Option<&'a str> {
    let host = authority.to_ascii_lowercase();
    if host != "web.archive.org" && host != "archive.org" && host != "www.archive.org" {
        return None;
    }
    let path = rest.get(authority.len()..)?.strip_prefix("/web/")?;
    // `/web/<timestamp>[id_]/<original>`
    let (stamp, inner) = path.split_once('/')?;
    stamp
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit())
        .then_some(inner)
        .filter(|u| u.contains('.'))
}

#[cfg(test)]
mod tests {
    use super::{is_single_outlet_site, site_of};

    #[test]
    fn an_archived_page_is_the_original_site_and_aggregators_are_many_outlets() {
        assert_eq!(
            site_of("https://web.archive.org/web/20170611083000/http://www.aljazeera.net/news/1"),
            Some("aljazeera.net".into())
        );
        assert_eq!(
            site_of("https://web.archive.org/web/2017id_/https://m.youm7.com/x"),
            Some("youm7.com".into())
        );
        assert_eq!(
            site_of("https://web.archive.org/about"),
            Some("web.archive.org".into())
        );
        assert_eq!(
            site_of("https://news.google.com/rss/articles/CBMi"),
            Some("news.google.com".into())
        );
        assert!(!is_single_outlet_site("news.google.com"));
        assert!(!is_single_outlet_site("t.co"));
        assert!(!is_single_outlet_site("web.facebook.com"));
        assert!(!is_single_outlet_site("t.me"));
        assert!(is_single_outlet_site("unt.co"));
        assert!(is_single_outlet_site("box.com"));
        assert!(is_single_outlet_site("aljazeera.net"));
    }

    #[test]
    fn the_site_of_a_page_is_its_host_without_www_and_port() {
        let s = |u: &str| site_of(u);
        assert_eq!(
            s("http://www.jawharafm.net/ar/article/%D8%A7"),
            Some("jawharafm.net".into())
        );
        assert_eq!(
            s("https://WWW.AlJazeera.net:443/news?id=1#x"),
            Some("aljazeera.net".into())
        );
        assert_eq!(s("https://m.youm7.com/story/1"), Some("youm7.com".into()));
        assert_eq!(
            s("https://amp.www.example.co.uk/a"),
            Some("example.co.uk".into())
        );
        assert_eq!(s("//arabic.cnn.com/x"), Some("arabic.cnn.com".into()));
        assert_eq!(
            s("https://user:pw@news.example.org"),
            Some("news.example.org".into())
        );
        assert_eq!(s("https://m.com/"), Some("m.com".into()));
        assert_eq!(s("http://موقع.مثال/خبر"), Some("موقع.مثال".into()));
    }

    #[test]
    fn no_site_without_a_plausible_host() {
        for u in [
            "",
            "samples/article.html",
            "file:///tmp/a.html",
            "mailto:a@b.com",
            "http://localhost/x",
            "http://127.0.0.1/x",
            "http://[::1]/x",
            "https://",
            "https://a..b/",
            "http://exa mple.com/",
            "javascript:alert(1)",
            "'; DROP TABLE articles; --",
        ] {
            assert_eq!(site_of(u), None, "{u}");
        }
    }

    proptest::proptest! {
        /// Any input: no panic; a site is a lower-case dotted host the URL names, and so is the
        /// site of the same URL with the host's case changed or a `www.` added.
        #[test]
        fn a_site_is_a_host_of_the_url(
            host in "[a-zA-Z0-9-]{1,12}(\\.[a-zA-Z0-9-]{1,8}){1,3}",
            path in "[/?#][ -~]{0,30}",
            junk in "\\PC{0,40}",
        ) {
            let _ = site_of(&junk);
            let url = format!("https://{host}{path}");
            if let Some(site) = site_of(&url) {
                proptest::prop_assert!(site.contains('.'));
                proptest::prop_assert_eq!(site.to_ascii_lowercase(), site.clone());
                proptest::prop_assert!(url.to_ascii_lowercase().contains(&site));
                let upper = format!("HTTPS://WWW.{}{path}", host.to_ascii_uppercase());
                proptest::prop_assert_eq!(site_of(&upper), Some(site));
            }
        }
    }
}
