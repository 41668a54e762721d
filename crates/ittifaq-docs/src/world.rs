//! A minimal in-memory Typst world: one main source, the embedded fonts, a few
//! in-memory files (data and images) and a fixed date. Nothing is read from disk
//! or fetched, so a render depends only on its input.

use std::collections::HashMap;
use std::sync::LazyLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

static FONT_FILES: [&[u8]; 4] = [
    include_bytes!("../fonts/NotoSans-Regular.ttf"),
    include_bytes!("../fonts/NotoSans-Bold.ttf"),
    include_bytes!("../fonts/NotoNaskhArabic-Regular.ttf"),
    include_bytes!("../fonts/NotoNaskhArabic-Bold.ttf"),
];

struct Fonts {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

/// Fonts are parsed once per process and shared by every render.
static FONTS: LazyLock<Fonts> = LazyLock::new(|| {
    let fonts: Vec<Font> = FONT_FILES.iter().flat_map(|data| Font::iter(Bytes::new(*data))).collect();
    Fonts { book: LazyHash::new(FontBook::from_fonts(&fonts)), fonts }
});

static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));

/// Names the file `path` (absolute, such as `/data.json`) inside the project root.
pub(crate) fn file_id(path: &str) -> FileId {
    // The paths are our own constants, so a malformed one is a programming error.
    let vpath = VirtualPath::new(path).expect("a constant virtual path");
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

pub(crate) struct DocWorld {
    main: Source,
    files: HashMap<FileId, Bytes>,
    today: Datetime,
}

impl DocWorld {
    /// A world whose main file is `template` and which also holds `files`
    /// (path, bytes); `today` answers Typst's `datetime.today()`.
    pub(crate) fn new(template: &str, files: Vec<(&str, Vec<u8>)>, today: time::Date) -> DocWorld {
        let main = Source::new(file_id("/main.typ"), template.to_owned());
        let files = files.into_iter().map(|(path, bytes)| (file_id(path), Bytes::new(bytes))).collect();
        let today =
            Datetime::from_ymd(today.year(), today.month().into(), today.day()).expect("a time::Date is a valid date");
        DocWorld { main, files, today }
    }
}

impl World for DocWorld {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &FONTS.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() { Ok(self.main.clone()) } else { Err(FileError::NotSource) }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() {
            return Ok(Bytes::from_string(self.main.clone()));
        }
        self.files.get(&id).cloned().ok_or(FileError::AccessDenied)
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONTS.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}
