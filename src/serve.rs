//! The preview server of `feedcard watch`: the output folder over HTTP on
//! 127.0.0.1 only, with live reload. Binary only.
//!
//! Live reload is a few lines of script added to HTML pages *as they are
//! served*; the files on disk are never changed, so what `build` wrote is
//! what gets deployed. The script polls `/__feedcard/generation`, a counter
//! the watcher bumps after each build, and reloads the page when it moves.

use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use anyhow::Context;
use tiny_http::{Header, Request, Response, Server};

/// The path the live-reload script polls.
const GENERATION_PATH: &str = "/__feedcard/generation";

/// Added before `</body>` of served HTML only.
const LIVE_RELOAD: &str =
    "<script>/* feedcard watch: live reload (added when served, never written) */\n\
(function () {\n\
  var seen = null;\n\
  function poll() {\n\
    fetch('/__feedcard/generation', { cache: 'no-store' })\n\
      .then(function (r) { return r.text(); })\n\
      .then(function (g) { if (seen !== null && g !== seen) { location.reload(); } seen = g; })\n\
      .catch(function () {})\n\
      .then(function () { setTimeout(poll, 1000); });\n\
  }\n\
  poll();\n\
})();\n\
</script>\n";

/// Starts serving `root` on `127.0.0.1:port` (0 picks a free port) on a
/// background thread; `/` redirects to `home` when the folder has no
/// `index.html`. Returns the address bound.
pub(crate) fn start(
    root: PathBuf,
    port: u16,
    home: String,
    generation: Arc<AtomicU64>,
) -> anyhow::Result<SocketAddr> {
    // Loopback only: the preview shows unpublished posts.
    let server = Server::http(("127.0.0.1", port))
        .map_err(|e| anyhow::anyhow!("{e}"))
        .with_context(|| format!("cannot listen on 127.0.0.1:{port} (try --port 0)"))?;
    let addr = server
        .server_addr()
        .to_ip()
        .context("the server has no IP address")?;
    std::thread::spawn(move || {
        for request in server.incoming_requests() {
            // A browser that went away mid-response is not an error worth a word.
            let _ = respond(request, &root, &home, &generation);
        }
    });
    Ok(addr)
}

fn respond(
    request: Request,
    root: &Path,
    home: &str,
    generation: &AtomicU64,
) -> std::io::Result<()> {
    let url = request
        .url()
        .split(['?', '#'])
        .next()
        .unwrap_or("/")
        .to_string();
    if url == GENERATION_PATH {
        let body = generation.load(Ordering::SeqCst).to_string();
        return request.respond(with_type(Response::from_string(body), "text/plain"));
    }
    let decoded = percent_encoding::percent_decode_str(&url).decode_utf8_lossy();
    let Some(relative) = safe_relative(&decoded) else {
        return request.respond(Response::from_string("not found").with_status_code(404));
    };
    let path = root.join(&relative);
    if path.is_dir() {
        if !url.ends_with('/') {
            // Relative links in the gallery (`a.png`) need the trailing slash.
            return request.respond(redirect(&format!("{url}/")));
        }
        let index = path.join("index.html");
        if !index.is_file() {
            if url == "/" {
                return request.respond(redirect(&format!("{home}/")));
            }
            return request
                .respond(Response::from_string("no index.html here").with_status_code(404));
        }
        return serve_file(request, &index);
    }
    serve_file(request, &path)
}

fn serve_file(request: Request, path: &Path) -> std::io::Result<()> {
    let Ok(bytes) = std::fs::read(path) else {
        return request.respond(Response::from_string("not found").with_status_code(404));
    };
    let kind = content_type(path);
    let bytes = if kind.starts_with("text/html") {
        inject_live_reload(&String::from_utf8_lossy(&bytes)).into_bytes()
    } else {
        bytes
    };
    request.respond(with_type(Response::from_data(bytes), kind))
}

fn redirect(location: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    let header = Header::from_bytes(&b"Location"[..], location.as_bytes())
        .expect("a URL path is a valid header value");
    Response::from_string("")
        .with_status_code(301)
        .with_header(header)
}

fn with_type(
    response: Response<std::io::Cursor<Vec<u8>>>,
    kind: &str,
) -> Response<std::io::Cursor<Vec<u8>>> {
    let content_type =
        Header::from_bytes(&b"Content-Type"[..], kind.as_bytes()).expect("content types are ASCII");
    let no_store =
        Header::from_bytes(&b"Cache-Control"[..], &b"no-store"[..]).expect("a valid header");
    response.with_header(content_type).with_header(no_store)
}

/// The URL path as a path below the served folder; `None` for anything that
/// would climb out of it.
fn safe_relative(url_path: &str) -> Option<PathBuf> {
    let mut relative = PathBuf::new();
    for component in Path::new(url_path.trim_start_matches('/')).components() {
        match component {
            Component::Normal(part) => relative.push(part),
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(relative)
}

/// Feeds are served as XML so a browser applies their stylesheet.
fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" | "htm" => "text/html; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "xsl" => "text/xsl; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// The page with the live-reload script before its last `</body>` (or at
/// the end when there is none).
pub(crate) fn inject_live_reload(html: &str) -> String {
    match html.rfind("</body>") {
        Some(at) => format!("{}{LIVE_RELOAD}{}", &html[..at], &html[at..]),
        None => format!("{html}{LIVE_RELOAD}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_closing_body() {
        let page = inject_live_reload("<html><body><p>x</p></body></html>");
        assert!(page.starts_with("<html><body><p>x</p><script>"), "{page}");
        assert!(page.ends_with("</script>\n</body></html>"), "{page}");
    }

    #[test]
    fn paths_cannot_climb_out_of_the_served_folder() {
        assert_eq!(
            safe_relative("/blog/cards/"),
            Some(PathBuf::from("blog/cards"))
        );
        assert_eq!(safe_relative("/../etc/passwd"), None);
        assert_eq!(safe_relative("/blog/../../x"), None);
    }
}
