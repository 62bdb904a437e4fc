//! Social cards (temporary interface stand-in until the card engine lands).
#![allow(missing_docs, unreachable_pub)]

use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::post::CardKind;

pub struct CardText<'a> {
    pub title: &'a str,
    pub site_name: &'a str,
    pub category: Option<&'a str>,
    pub date: Option<&'a str>,
}

pub struct Renderer;

impl Renderer {
    pub fn load(
        _templates_dir: Option<&Path>,
        _extra_fonts: &[PathBuf],
    ) -> Result<Renderer, Error> {
        Ok(Renderer)
    }
    pub fn size(&self, kind: CardKind) -> (u32, u32) {
        match kind {
            CardKind::Summary => (800, 800),
            CardKind::SummaryLargeImage => (1200, 630),
        }
    }
    pub fn fingerprint(&self) -> [u8; 32] {
        [0; 32]
    }
    pub fn draw(
        &self,
        kind: CardKind,
        _text: &CardText<'_>,
        _hero: Option<&image::DynamicImage>,
    ) -> (image::RgbImage, Vec<String>) {
        let (w, h) = self.size(kind);
        (image::RgbImage::new(w, h), Vec::new())
    }
}

pub mod hero {
    use std::path::{Path, PathBuf};
    pub fn resolve_hero(
        src: &str,
        assets_root: &Path,
        _post_dir: &Path,
        _posts_root: &Path,
    ) -> Result<PathBuf, String> {
        Ok(assets_root.join(src.trim_start_matches('/')))
    }
    pub fn decode_hero(bytes: &[u8]) -> Result<image::DynamicImage, String> {
        image::load_from_memory(bytes).map_err(|e| e.to_string())
    }
}

pub fn encode_png(img: &image::RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

pub const TEMPLATES: [(&str, &str); 0] = [];
