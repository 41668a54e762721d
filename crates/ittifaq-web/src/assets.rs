//! Static files compiled into the binary: htmx 2 (vendored), the style sheet,
//! the attendance page's offline queue, the deconfliction map's Leaflet,
//! script and country borders, the footprint drawing (Leaflet-Geoman, MGRS), the hotline's live updates and the print
//! button: every script of the pages is here, none inline.

use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::AppError;

const HTMX: &[u8] = include_bytes!("../static/vendor/htmx.min.js");
const STYLE: &[u8] = include_bytes!("../static/style.css");
const ATTENDANCE: &[u8] = include_bytes!("../static/attendance.js");
// Deconfliction map: Leaflet 1.9.4 (BSD-2-Clause, npm `leaflet`), the map's
// script, and Natural Earth borders (public domain; see static/borders-source.mjs).
const LEAFLET_JS: &[u8] = include_bytes!("../static/vendor/leaflet.js");
const LEAFLET_CSS: &[u8] = include_bytes!("../static/vendor/leaflet.css");
const DECON_MAP_JS: &[u8] = include_bytes!("../static/decon-map.js");
const BORDERS: &[u8] = include_bytes!("../static/borders.geojson");
// Drawing a footprint: Leaflet-Geoman 2.20.2 (MIT, npm `@geoman-io/leaflet-geoman-free`);
// coordinates in MGRS: proj4js/mgrs 2.2.0 (MIT, npm `mgrs`). Licences beside them.
const GEOMAN_JS: &[u8] = include_bytes!("../static/vendor/leaflet-geoman.min.js");
const GEOMAN_CSS: &[u8] = include_bytes!("../static/vendor/leaflet-geoman.css");
const MGRS_JS: &[u8] = include_bytes!("../static/vendor/mgrs.min.js");
const DECON_DRAW_JS: &[u8] = include_bytes!("../static/decon-draw.js");
const MAP_COMMON_JS: &[u8] = include_bytes!("../static/map-common.js");
const HOTLINE_LIVE_JS: &[u8] = include_bytes!("../static/hotline-live.js");
const PRINT_JS: &[u8] = include_bytes!("../static/print.js");

pub async fn serve(Path(file): Path<String>) -> Result<Response, AppError> {
    let (body, kind) = match file.as_str() {
        "htmx.min.js" => (HTMX, "text/javascript; charset=utf-8"),
        "style.css" => (STYLE, "text/css; charset=utf-8"),
        "attendance.js" => (ATTENDANCE, "text/javascript; charset=utf-8"),
        "leaflet.js" => (LEAFLET_JS, "text/javascript; charset=utf-8"),
        "leaflet.css" => (LEAFLET_CSS, "text/css; charset=utf-8"),
        "decon-map.js" => (DECON_MAP_JS, "text/javascript; charset=utf-8"),
        "borders.geojson" => (BORDERS, "application/geo+json"),
        "leaflet-geoman.min.js" => (GEOMAN_JS, "text/javascript; charset=utf-8"),
        "leaflet-geoman.css" => (GEOMAN_CSS, "text/css; charset=utf-8"),
        "mgrs.min.js" => (MGRS_JS, "text/javascript; charset=utf-8"),
        "decon-draw.js" => (DECON_DRAW_JS, "text/javascript; charset=utf-8"),
        "map-common.js" => (MAP_COMMON_JS, "text/javascript; charset=utf-8"),
        "hotline-live.js" => (HOTLINE_LIVE_JS, "text/javascript; charset=utf-8"),
        "print.js" => (PRINT_JS, "text/javascript; charset=utf-8"),
        _ => return Err(AppError::NotFound(ittifaq_core::Msg::new("error-no-file").arg("file", &file))),
    };
    Ok(([(header::CONTENT_TYPE, kind), (header::CACHE_CONTROL, "public, max-age=86400")], body).into_response())
}
