//! Fonts: the bundled set (compiled into the binary, so any cwd on a fresh
//! machine works) plus extra files named in the config.
//!
//! A *chain* is the per-character fallback order for one text style: the
//! template's family/weight first, then every extra font (a full CJK font, say),
//! then the bundled fallbacks (Arabic, Hebrew, the Indic, Thai, Georgian,
//! Armenian and Ethiopic subsets, the CJK subset), then the colour emoji font. See `fonts/README.md` for where each file comes from.

use std::path::{Path, PathBuf};

use rustybuzz::ttf_parser;

use crate::error::Error;

/// What a face is for in a chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// Selectable by family and weight (and also a fallback for other styles).
    Primary,
    /// Only a fallback.
    Fallback,
    /// The colour emoji font, last in every chain.
    Emoji,
}

/// The bundled files, in fallback order within each role.
const BUNDLED: &[(&str, &[u8], Role)] = &[
    (
        "InterDisplay-Bold.otf",
        include_bytes!("../../fonts/InterDisplay-Bold.otf"),
        Role::Primary,
    ),
    (
        "Inter-SemiBold.otf",
        include_bytes!("../../fonts/Inter-SemiBold.otf"),
        Role::Primary,
    ),
    (
        "Inter-Medium.otf",
        include_bytes!("../../fonts/Inter-Medium.otf"),
        Role::Primary,
    ),
    (
        "NotoSansArabic-Bold.ttf",
        include_bytes!("../../fonts/NotoSansArabic-Bold.ttf"),
        Role::Fallback,
    ),
    (
        "NotoSansHebrew-Bold.ttf",
        include_bytes!("../../fonts/NotoSansHebrew-Bold.ttf"),
        Role::Fallback,
    ),
    (
        "NotoSansDevanagari-Bold-subset.ttf",
        include_bytes!("../../fonts/NotoSansDevanagari-Bold-subset.ttf"),
        Role::Fallback,
    ),
    (
        "NotoSansBengali-Bold-subset.ttf",
        include_bytes!("../../fonts/NotoSansBengali-Bold-subset.ttf"),
        Role::Fallback,
    ),
    (
        "NotoSansTamil-Bold-subset.ttf",
        include_bytes!("../../fonts/NotoSansTamil-Bold-subset.ttf"),
        Role::Fallback,
    ),
    (
        "NotoSansThai-Bold-subset.ttf",
        include_bytes!("../../fonts/NotoSansThai-Bold-subset.ttf"),
        Role::Fallback,
    ),
    (
        "NotoSansGeorgian-Bold-subset.ttf",
        include_bytes!("../../fonts/NotoSansGeorgian-Bold-subset.ttf"),
        Role::Fallback,
    ),
    (
        "NotoSansArmenian-Bold-subset.ttf",
        include_bytes!("../../fonts/NotoSansArmenian-Bold-subset.ttf"),
        Role::Fallback,
    ),
    (
        "NotoSansEthiopic-Bold-subset.ttf",
        include_bytes!("../../fonts/NotoSansEthiopic-Bold-subset.ttf"),
        Role::Fallback,
    ),
    (
        "NotoSansCJKsc-Bold-subset.otf",
        include_bytes!("../../fonts/NotoSansCJKsc-Bold-subset.otf"),
        Role::Fallback,
    ),
    (
        "NotoColorEmoji-subset.ttf",
        include_bytes!("../../fonts/NotoColorEmoji-subset.ttf"),
        Role::Emoji,
    ),
];

enum Bytes {
    Static(&'static [u8]),
    Owned(Vec<u8>),
}

/// One face of one font file.
struct FontFile {
    label: String,
    bytes: Bytes,
    index: u32,
    family: String,
    weight: u16,
    role: Role,
    extra: bool,
}

impl FontFile {
    fn data(&self) -> &[u8] {
        match &self.bytes {
            Bytes::Static(b) => b,
            Bytes::Owned(v) => v,
        }
    }
}

/// Every font the renderer may use, loaded once.
pub(crate) struct FontSet {
    files: Vec<FontFile>,
}

/// A face ready for shaping (rustybuzz) and outlines/bitmaps (ab_glyph), with
/// its vertical metrics in em.
pub(crate) struct Face<'a> {
    pub(crate) outline: ab_glyph::FontRef<'a>,
    pub(crate) shaper: rustybuzz::Face<'a>,
    /// Units per em.
    pub(crate) upem: f32,
    /// Ascender, em, positive up.
    pub(crate) ascender: f32,
    /// Descender, em, positive down.
    pub(crate) descender: f32,
    /// Cap height, em.
    pub(crate) cap_height: f32,
    /// ab_glyph's `PxScale` is ascent − descent, not the em: multiply an em
    /// size by this to get it.
    pub(crate) px_scale_per_em: f32,
    /// Colour bitmap font (CBDT/sbix): glyphs come from `glyph_raster_image2`.
    pub(crate) bitmap: bool,
}

impl Face<'_> {
    /// Whether the face maps `c` to a real glyph.
    pub(crate) fn has(&self, c: char) -> bool {
        self.shaper.glyph_index(c).is_some_and(|g| g.0 != 0)
    }
}

fn read_names(data: &[u8], index: u32) -> Option<(String, u16, bool)> {
    let face = ttf_parser::Face::parse(data, index).ok()?;
    let name = |id: u16| {
        face.names()
            .into_iter()
            .filter(|n| n.name_id == id && n.is_unicode())
            .find_map(|n| n.to_string())
    };
    let family = name(ttf_parser::name_id::TYPOGRAPHIC_FAMILY)
        .or_else(|| name(ttf_parser::name_id::FAMILY))
        .unwrap_or_default();
    let tables = face.tables();
    let bitmap = tables.cbdt.is_some() || tables.sbix.is_some();
    Some((family, face.weight().to_number(), bitmap))
}

impl FontSet {
    /// Loads the bundled fonts and `extra` font files (every face of a
    /// collection). An unreadable or unparsable extra file is an error.
    pub(crate) fn load(extra: &[PathBuf]) -> Result<FontSet, Error> {
        let mut files = Vec::new();
        for (label, data, role) in BUNDLED {
            let (family, weight, _) = read_names(data, 0).expect("bundled fonts parse");
            files.push(FontFile {
                label: (*label).to_string(),
                bytes: Bytes::Static(data),
                index: 0,
                family,
                weight,
                role: *role,
                extra: false,
            });
        }
        for path in extra {
            let data = std::fs::read(path).map_err(|e| Error::io(path, e))?;
            let count = ttf_parser::fonts_in_collection(&data).unwrap_or(1);
            let mut faces = Vec::new();
            for index in 0..count.min(64) {
                if let Some((family, weight, bitmap)) = read_names(&data, index) {
                    faces.push((index, family, weight, bitmap));
                }
            }
            if faces.is_empty() {
                return Err(not_a_font(path));
            }
            // Each face shares the file's bytes; collections are rare and
            // small in number, so a copy per face keeps ownership simple.
            for (index, family, weight, bitmap) in faces {
                files.push(FontFile {
                    label: path.display().to_string(),
                    bytes: Bytes::Owned(data.clone()),
                    index,
                    family,
                    weight,
                    role: if bitmap { Role::Emoji } else { Role::Primary },
                    extra: true,
                });
            }
        }
        Ok(FontSet { files })
    }

    /// Families a template may name.
    pub(crate) fn families(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .files
            .iter()
            .filter(|f| f.role == Role::Primary)
            .map(|f| f.family.clone())
            .collect();
        v.dedup();
        v
    }

    /// The fallback chain (indices into the set) for a family and weight, or
    /// `None` when no face has that family.
    pub(crate) fn chain(&self, family: &str, weight: u16) -> Option<Vec<usize>> {
        let primary = self
            .files
            .iter()
            .enumerate()
            .filter(|(_, f)| f.role == Role::Primary && f.family.eq_ignore_ascii_case(family))
            // Nearest weight; on a tie the heavier face (titles are bold).
            .min_by_key(|(_, f)| ((f.weight as i32 - weight as i32).abs(), -(f.weight as i32)))
            .map(|(i, _)| i)?;
        let mut chain = vec![primary];
        let order = |f: &FontFile| match (f.extra, f.role) {
            (true, Role::Primary) => 0,
            (false, Role::Primary) => 1,
            (_, Role::Fallback) => 2,
            (_, Role::Emoji) => 3,
        };
        let mut rest: Vec<usize> = (0..self.files.len()).filter(|&i| i != primary).collect();
        rest.sort_by_key(|&i| (order(&self.files[i]), i));
        chain.extend(rest);
        Some(chain)
    }

    /// Parses the faces of a chain (cheap: table directories only).
    pub(crate) fn faces(&self, chain: &[usize]) -> Vec<Face<'_>> {
        chain
            .iter()
            .filter_map(|&i| {
                let f = &self.files[i];
                let data = f.data();
                let outline = ab_glyph::FontRef::try_from_slice_and_index(data, f.index).ok()?;
                let shaper = rustybuzz::Face::from_slice(data, f.index)?;
                let upem = shaper.units_per_em() as f32;
                let ascender = shaper.ascender() as f32 / upem;
                let descender = -(shaper.descender() as f32) / upem;
                let cap_height = shaper
                    .capital_height()
                    .filter(|&c| c > 0)
                    .map_or(0.7, |c| c as f32 / upem);
                let height = (shaper.ascender() - shaper.descender()) as f32;
                let px_scale_per_em = if height > 0.0 { height / upem } else { 1.0 };
                let tables = shaper.tables();
                let bitmap = tables.cbdt.is_some() || tables.sbix.is_some();
                Some(Face {
                    outline,
                    shaper,
                    upem,
                    ascender,
                    descender,
                    cap_height,
                    px_scale_per_em,
                    bitmap,
                })
            })
            .collect()
    }

    /// Feeds every font byte (in a fixed order) to a hasher.
    pub(crate) fn hash_into(&self, hasher: &mut blake3::Hasher) {
        for f in &self.files {
            let data = f.data();
            hasher.update(&(f.label.len() as u64).to_le_bytes());
            hasher.update(f.label.as_bytes());
            hasher.update(&f.index.to_le_bytes());
            hasher.update(&(data.len() as u64).to_le_bytes());
            hasher.update(data);
        }
    }
}

fn not_a_font(path: &Path) -> Error {
    Error::io(
        path,
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "not a TrueType/OpenType font or collection",
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_families_and_chain_order() {
        let set = FontSet::load(&[]).unwrap();
        let families = set.families();
        assert!(
            families.iter().any(|f| f == "Inter Display"),
            "{families:?}"
        );
        assert!(families.iter().any(|f| f == "Inter"), "{families:?}");
        let chain = set.chain("Inter", 600).unwrap();
        assert_eq!(set.files[chain[0]].label, "Inter-SemiBold.otf");
        assert_eq!(
            set.files[*chain.last().unwrap()].label,
            "NotoColorEmoji-subset.ttf"
        );
        assert!(set.chain("Comic Sans", 400).is_none());
        let faces = set.faces(&chain);
        assert_eq!(faces.len(), chain.len());
        assert!(faces.last().unwrap().bitmap);
        assert!(faces[0].has('A') && !faces[0].has('中'));
    }

    #[test]
    fn unparsable_extra_font_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("bad.ttf");
        std::fs::write(&p, b"not a font").unwrap();
        let err = FontSet::load(&[p]).err().unwrap();
        assert!(err.to_string().contains("not a TrueType"), "{err}");
    }
}
