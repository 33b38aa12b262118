//! The panel side: writing the bundle of a finalized, signed review that travels by USB stick. See
//! docs/bundle-format.md. Signing the review is [`super::signing`]'s.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::manifest::{MANIFEST, Manifest, ManifestSignature, PAYLOAD, SCORECARD, manifest_json};
use super::payload::Payload;
use super::sign::DissentV1;
use super::verify::bundle_sheet;
use super::{SignerInfo, documents, sign};
use crate::domain::filename::{self, Portable};
use crate::domain::pool::PoolRefusal;
use crate::files::archive;
use crate::hex::sha256_hex;
use crate::store::{Store, StoreError};

/// Kept here for the callers that spell them `bundle::export::…`.
pub use super::export_error::ExportError;
pub use super::signing::{current_payload, sign_review, signers};

/// An expert's name as it stands in a file name of the bundle (`signatures/01-<name>.minisig`): letters and digits
/// kept, anything else `_`, and short enough that the file's name stays within the 255 UTF-16 units of FAT32 and
/// exFAT (a name of 200 characters beyond the Basic Multilingual Plane would be 400).
fn safe_name(s: &str) -> String {
    /// What the longest of the names around it takes: `NN-` and `.json.minisig`.
    const AROUND: usize = 3 + 13;
    let name: String = s.chars().map(|c| if c.is_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).collect();
    filename::make_portable(&name, filename::MAX_UNITS - AROUND).name
}

fn file_error(e: crate::files::FileError) -> ExportError {
    ExportError::File { path: e.path().display().to_string(), message: e.reason() }
}

/// The name an archive of this review is given when only its folder is named: `<date>-<enterprise>-第<revision>版.yanshou.zip`,
/// the enterprise's name made portable to FAT32 and exFAT ([`filename::make_portable`]: replaced, not dropped), with
/// what was changed in it.
pub fn archive_name(p: &Payload) -> Portable {
    let head = format!("{}-", p.review.date);
    let tail = format!("-第{}版{}", p.review.revision, archive::EXTENSION);
    let room = filename::MAX_UNITS - filename::utf16_units(&head) - filename::utf16_units(&tail);
    let enterprise = filename::make_portable(&p.enterprise.name, room);
    Portable { name: format!("{head}{}{tail}", enterprise.name), fixes: enterprise.fixes }
}

/// Writes the bundle of a finalized, signed review to `out`: a new folder, or, when its name ends in
/// [`archive::EXTENSION`], one archive file holding the same files (see [`crate::files::archive`]). Either is written
/// beside its final name and renamed into place, so a half-written bundle never carries the final name (see
/// [`crate::files`]). An archive's name must be one FAT32 and exFAT take.
pub fn export(store: &Store, id: i64, out: &Path) -> Result<PathBuf, ExportError> {
    if out.exists() {
        return Err(ExportError::Exists { path: out.display().to_string() });
    }
    let zipped = archive::is_archive_name(out);
    if zipped {
        let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        filename::check(&name).map_err(|problem| ExportError::NameNotPortable { name, problem })?;
    }
    let files = bundle_files(store, id)?;
    let parent = crate::files::parent(out);
    fs::create_dir_all(parent)
        .map_err(|e| ExportError::File { path: parent.display().to_string(), message: e.to_string() })?;
    if zipped {
        let bytes = archive::write(&files).map_err(ExportError::Archive)?;
        crate::files::write_new(out, &bytes).map_err(file_error)?;
    } else {
        // Written under a temporary name beside `out` and renamed into place, never over a folder that appeared
        // meanwhile; whatever fails on the way, the temporary folder does not stay behind to fill the stick.
        let staged = crate::files::stage_dir(out).map_err(file_error)?;
        for (rel, content) in &files {
            write_file(&staged.path().join(rel), content)?;
        }
        staged.commit(crate::files::Replace::No).map_err(file_error)?;
    }
    Ok(out.to_path_buf())
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    let err = |e: std::io::Error| ExportError::File { path: path.display().to_string(), message: e.to_string() };
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(err)?;
    }
    let mut f = fs::File::create(path).map_err(err)?;
    f.write_all(bytes).map_err(err)?;
    f.sync_all().map_err(err)
}

/// Every file of the bundle of a finalized, signed review, by its path in the bundle, the manifest among them.
pub fn bundle_files(store: &Store, id: i64) -> Result<BTreeMap<String, Vec<u8>>, ExportError> {
    let (p, bytes, sha) = current_payload(store, id)?;
    let sigs = store.signatures(id)?;
    if !sigs.iter().any(|s| s.kind == "sign") {
        return Err(ExportError::Unsigned { review: id, revision: p.review.revision });
    }
    for s in &sigs {
        if s.payload_sha256 != sha {
            return Err(ExportError::SignedOtherPayload { expert: s.expert.clone() });
        }
    }
    let r = store.load(id)?;
    let sheets = store.personal_sheets(id)?;
    let draw = match &p.draw_sha256 {
        Some(want) => Some(draw_record(store, id, want)?),
        None => None,
    };
    files_of(&p, &bytes, sha, &sigs, &r, &sheets, draw.as_deref())
}

/// The canonical JSON of the record of the draw the review's panel stands on, as the store keeps it: the bytes whose
/// SHA-256 the payload names (`want`), or a refusal when they are not.
fn draw_record(store: &Store, id: i64, want: &str) -> Result<Vec<u8>, ExportError> {
    let d = store.review_draw(id)?.ok_or_else(|| StoreError::NotFound(crate::store::Missing::ReviewDraw(id)))?;
    let bytes = d.record_json.into_bytes();
    if sha256_hex(&bytes) != want || super::draw::record_bytes(&d.record) != bytes {
        let what = format!("抽取记录 {} 的内容与载荷所写的 sha256 {want} 不符", d.id);
        return Err(ExportError::Store(StoreError::Pool(PoolRefusal::RecordFormat { what })));
    }
    Ok(bytes)
}

/// Every file of the bundle. The derived files (documents, key files) are rendered from what the bundle itself
/// holds, by the function verification renders them with again.
fn files_of(
    p: &Payload,
    bytes: &[u8],
    sha: String,
    sigs: &[crate::store::signing::StoredSignature],
    r: &crate::store::LoadedReview,
    sheets: &[crate::store::personal::SheetRecord],
    draw: Option<&[u8]>,
) -> Result<BTreeMap<String, Vec<u8>>, ExportError> {
    let mut out: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut files: BTreeMap<String, String> = BTreeMap::new();
    let mut put = |rel: &str, content: &[u8]| -> Result<(), ExportError> {
        files.insert(rel.to_string(), sha256_hex(content));
        out.insert(rel.to_string(), content.to_vec());
        Ok(())
    };
    put(PAYLOAD, bytes)?;
    put(SCORECARD, r.card.text.as_bytes())?;
    let mut manifest_sigs = Vec::new();
    let mut signed_by: BTreeMap<String, SignerInfo> = BTreeMap::new();
    for (n, s) in sigs.iter().enumerate() {
        let base = format!("{:02}-{}", n + 1, safe_name(&s.expert));
        let signed = if s.kind == "dissent" {
            let rel = format!("dissents/{base}.json");
            put(&rel, &s.signed_file)?;
            rel
        } else {
            PAYLOAD.to_string()
        };
        let sig_rel =
            if s.kind == "dissent" { format!("{signed}.minisig") } else { format!("signatures/{base}.minisig") };
        put(&sig_rel, s.minisig.as_bytes())?;
        let entry = ManifestSignature {
            expert: s.expert.clone(),
            kind: s.kind.clone(),
            key_id: s.key_id.clone(),
            public_key: s.public_key.clone(),
            signature: sig_rel,
            signed,
        };
        // The signer as verification derives it: from the signature's trusted comment and the signed dissent.
        let unreadable = |reason: String| ExportError::StoredSignatureUnreadable { expert: s.expert.clone(), reason };
        let (_, trusted) = sign::inspect(&s.minisig).map_err(|e| unreadable(e.to_string()))?;
        let dissent = if s.kind == "dissent" {
            let d: DissentV1 = serde_json::from_slice(&s.signed_file).map_err(|e| unreadable(e.to_string()))?;
            Some(d.text)
        } else {
            None
        };
        signed_by.insert(s.expert.clone(), documents::signer(&entry, &trusted, dissent.as_deref()));
        manifest_sigs.push(entry);
    }
    // The signed personal sheets the payload lists, each with its signature, under sheets/.
    for entry in &p.sheets {
        let Some(s) = sheets
            .iter()
            .find(|s| s.expert == entry.expert && s.revision == entry.revision && s.direction == "imported")
        else {
            continue;
        };
        let place = p.panel.iter().position(|x| x.name == entry.expert).unwrap_or(0) + 1;
        let rel = super::personal::check::sheet_path(place, &safe_name(&entry.expert));
        put(&rel, &s.sheet)?;
        put(&format!("{rel}.minisig"), s.minisig.as_bytes())?;
    }
    // The record of the draw the panel stands on, whose SHA-256 the payload names.
    if let Some(record) = draw {
        put(super::draw_check::DRAW_RECORD, record)?;
    }
    // The sheet as verification reads it: parsed from the text the bundle carries.
    let card = bundle_sheet(&sha256_hex(r.card.text.as_bytes()), &r.card.text)
        .map_err(|e| ExportError::SheetDoesNotLoad(e.to_string()))?;
    let signers = documents::panel_signers(&p.panel, signed_by);
    for (rel, content) in documents::derived_files(p, &sha, &card.1, &signers, &manifest_sigs) {
        put(&rel, &content)?;
    }
    let manifest = Manifest {
        format: super::manifest::FORMAT.into(),
        version: 1,
        review_uid: p.review.uid.clone(),
        revision: p.review.revision,
        payload_sha256: sha,
        files,
        signatures: manifest_sigs,
    };
    let manifest_json = manifest_json(&manifest).map_err(|e| ExportError::Manifest(e.to_string()))?;
    out.insert(MANIFEST.to_string(), manifest_json);
    Ok(out)
}
