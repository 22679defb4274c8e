//! The site's files: pages name the bundle by its content hash, the bundle and the chart
//! library go out precompressed and cacheable for a year, pages are compressed on the fly, and
//! the chart library is not part of a page that has no chart.

use crate::helpers::{spawn_app_with, Backend};
use std::path::Path;

const HASH: &str = "0123456789abcdef";

/// A built site as `build_site` lays it out: hashed bundle files with their `.br` and `.gz`
/// copies (stand-in bytes: the server sends them as they are), the hash file, the chart library.
fn write_site(root: &Path) {
    let pkg = root.join("pkg");
    let vendor = root.join("vendor");
    std::fs::create_dir_all(&pkg).expect("pkg");
    std::fs::create_dir_all(&vendor).expect("vendor");
    for (ext, body) in [
        ("js", "export default 1;"),
        ("wasm", "\0asm"),
        ("css", "body{}"),
    ] {
        let name = pkg.join(format!("baas.{HASH}.{ext}"));
        std::fs::write(&name, format!("{body} identity")).expect("file");
        std::fs::write(format!("{}.br", name.display()), format!("{body} br")).expect("br");
        std::fs::write(format!("{}.gz", name.display()), format!("{body} gz")).expect("gz");
    }
    let echarts = vendor.join("echarts-5.5.1.min.js");
    std::fs::write(&echarts, "var echarts = {};").expect("echarts");
    std::fs::write(format!("{}.gz", echarts.display()), "echarts gz").expect("echarts gz");
    std::fs::write(
        root.join("hash.txt"),
        format!("js: {HASH}\nwasm: {HASH}\ncss: {HASH}\n"),
    )
    .expect("hash.txt");
}

async fn get(url: &str, encoding: &str) -> reqwest::Response {
    reqwest::Client::new()
        .get(url)
        .header("accept-encoding", encoding)
        .send()
        .await
        .expect("get")
}

fn header<'a>(res: &'a reqwest::Response, name: &str) -> &'a str {
    res.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bundle_is_hashed_precompressed_and_cached() {
    let site = tempfile::tempdir().expect("site");
    write_site(site.path());
    let root = site.path().to_string_lossy().into_owned();
    let app = spawn_app_with(Backend::Sqlite, &[("LEPTOS_SITE_ROOT", root.as_str())]).await;

    let wasm = app.url(&format!("/pkg/baas.{HASH}.wasm"));
    let res = get(&wasm, "gzip, deflate, br").await;
    assert_eq!(res.status(), 200);
    assert_eq!(header(&res, "content-encoding"), "br");
    assert_eq!(
        header(&res, "cache-control"),
        "public, max-age=31536000, immutable"
    );
    assert_eq!(res.text().await.expect("body"), "\0asm br");
    let res = get(&wasm, "gzip").await;
    assert_eq!(header(&res, "content-encoding"), "gzip");
    assert_eq!(res.text().await.expect("body"), "\0asm gz");
    let res = get(&wasm, "identity").await;
    assert_eq!(header(&res, "content-encoding"), "");
    assert_eq!(res.text().await.expect("body"), "\0asm identity");

    let res = get(&app.url("/vendor/echarts-5.5.1.min.js"), "gzip, br").await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        header(&res, "content-encoding"),
        "gzip",
        "no .br copy: gzip"
    );
    assert!(header(&res, "cache-control").contains("immutable"));

    // Nothing is cached that was not found: the file may exist at the next deploy.
    let res = get(&app.url("/pkg/baas.ffffffffffffffff.wasm"), "br").await;
    assert_eq!(res.status(), 404);
    assert!(!header(&res, "cache-control").contains("immutable"));

    // The page names the hashed files and compresses itself; the chart library is left to the
    // pages that draw charts.
    let res = get(&app.url("/login"), "gzip").await;
    assert_eq!(res.status(), 200);
    assert_eq!(header(&res, "content-encoding"), "gzip");
    let page = {
        use std::io::Read;
        let bytes = res.bytes().await.expect("page");
        let mut html = String::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_string(&mut html)
            .expect("gzip");
        html
    };
    for ext in ["js", "wasm", "css"] {
        assert!(
            page.contains(&format!("/pkg/baas.{HASH}.{ext}")),
            "the page names baas.{HASH}.{ext}"
        );
    }
    assert!(
        !page.contains("echarts"),
        "no chart library on the sign-in page"
    );
}
