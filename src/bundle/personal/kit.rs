//! The review kit: exported by the panel's lead (`kit export`), signed with the lead's key, and imported on an
//! expert's laptop (`kit import`), where it becomes the same review (the same stable id) to score alone.

use std::path::Path;

use super::{
    KIT_FILE, KIT_FORMAT, KitEnterprise, KitExpert, KitKey, KitRecusal, KitReview, KitSheet, KitV1, PersonalError,
    installed_roster, kit_comment, pack, roster_key, unpack,
};
use crate::bundle::keys::{Passphrase, key_id, open_secret, public_base64, public_from_base64, secret_key_owner};
use crate::bundle::payload::canonical;
use crate::bundle::sign;
use crate::domain::review::{Role, check_key_owner};
use crate::domain::scorecard::{Catalog, Track, parse_scorecard};
use crate::hex::sha256_hex;
use crate::store::personal::{KitMember, KitRecord};
use crate::store::{NewExpert, NewReview, Store};

/// A kit as written: the archive's bytes, the kit and its SHA-256.
pub struct ExportedKit {
    pub archive: Vec<u8>,
    pub kit: KitV1,
    pub sha256: String,
}

/// Builds, signs with the lead's key and records the kit of a review. The lead is the panel's 组长; a key whose file
/// names another expert is refused unless the roster installed here lists it as the lead's (as for signing a review).
/// Each expert's public key is the one the installed roster lists under their name, if it does.
pub fn export_kit(
    store: &mut Store,
    id: i64,
    secret_key: &Path,
    passphrase: &Passphrase,
) -> Result<ExportedKit, PersonalError> {
    let r = store.load(id)?;
    let uid = store.review_uid(id)?;
    let d = &r.data;
    let lead = d.experts.iter().find(|e| e.role == Role::Lead && !d.is_recused(e.id)).ok_or(PersonalError::NoLead)?;
    let owner = secret_key_owner(secret_key)?;
    let (sk, pk) = open_secret(secret_key, passphrase)?;
    let dir = store.path().parent().map(Path::to_path_buf).unwrap_or_default();
    let roster = installed_roster(&dir);
    if owner.as_deref().is_some_and(|o| o != lead.name) {
        let vouched =
            roster.as_ref().and_then(|r| r.entry(&key_id(&pk))).filter(|e| !e.revoked).map(|e| e.name.clone());
        check_key_owner(&lead.name, owner.as_deref(), vouched.as_deref())
            .map_err(|e| PersonalError::Store(crate::store::StoreError::Refused(e)))?;
    }
    let kit = KitV1 {
        format: KIT_FORMAT.into(),
        version: 1,
        review: KitReview {
            uid: uid.clone(),
            date: d.date.clone(),
            place: d.place.clone(),
            review_type: d.review_type.clone(),
        },
        enterprise: KitEnterprise {
            name: d.enterprise.name.clone(),
            credit_code: d.enterprise.credit_code.clone(),
            address: d.enterprise.address.clone(),
            industry: d.enterprise.industry.clone(),
            track: d.enterprise.track.as_str().to_string(),
            agency: d.enterprise.agency.clone(),
        },
        scorecard: KitSheet { id: r.card.id.clone(), sha256: d.scorecard_hash.clone(), text: r.card.text.clone() },
        panel: d
            .experts
            .iter()
            .map(|e| KitExpert {
                name: e.name.clone(),
                unit: e.unit.clone(),
                title: e.title.clone(),
                field: e.field.clone(),
                role: if e.role == Role::Lead { "lead" } else { "member" }.into(),
                recused: d.is_recused(e.id),
                recusal: d
                    .recusals
                    .iter()
                    .find(|x| x.expert_id == e.id)
                    .map(|x| KitRecusal { reason: x.reason.clone(), statement: x.statement.clone() }),
                key: roster.as_ref().and_then(|ro| roster_key(ro, &e.name)),
            })
            .collect(),
        lead: KitKey { name: lead.name.clone(), key_id: key_id(&pk), public_key: public_base64(&pk) },
    };
    let bytes = canonical(&kit);
    let sha = sha256_hex(&bytes);
    let minisig = sign::sign(&sk, &pk, &bytes, &kit_comment(&uid, &lead.name, &sha))?;
    sign::verify(&pk, &minisig, &bytes)?;
    let archive = pack(KIT_FILE, &bytes, &minisig)?;
    store.record_kit(
        id,
        &KitRecord { role: "lead".into(), kit_sha256: sha.clone(), kit: bytes, minisig, expert: None },
    )?;
    Ok(ExportedKit { archive, kit, sha256: sha })
}

/// Reads a kit's bytes and signature and checks them: the shape (version 1), canonical bytes, the lead's signature
/// with the key the kit names (which must be the lead's on its panel).
pub fn read_kit(bytes: &[u8], minisig: &str) -> Result<KitV1, PersonalError> {
    let unreadable = |message: String| PersonalError::Unreadable { file: KIT_FILE.into(), message };
    let kit: KitV1 = serde_json::from_slice(bytes).map_err(|e| unreadable(e.to_string()))?;
    if kit.format != KIT_FORMAT || kit.version != 1 {
        return Err(unreadable(format!("format {} version {}", kit.format, kit.version)));
    }
    if canonical(&kit) != bytes {
        return Err(PersonalError::NotCanonical { file: KIT_FILE.into() });
    }
    if !kit.panel.iter().any(|e| e.name == kit.lead.name && e.role == "lead" && !e.recused) {
        return Err(PersonalError::NoLead);
    }
    let bad = |error: String| PersonalError::BadSignature { file: KIT_FILE.into(), error };
    let pk = public_from_base64(&kit.lead.public_key).map_err(|e| bad(e.to_string()))?;
    if key_id(&pk) != kit.lead.key_id {
        return Err(bad(format!("the key is {}, not {}", key_id(&pk), kit.lead.key_id)));
    }
    sign::verify(&pk, minisig, bytes).map_err(|e| bad(crate::domain::explain::Explain::zh(&e)))?;
    if sha256_hex(kit.scorecard.text.as_bytes()) != kit.scorecard.sha256 {
        return Err(unreadable("the sheet's text does not have the sheet's hash".into()));
    }
    Ok(kit)
}

/// Imports a kit on an expert's laptop: checked ([`read_kit`]; when a roster is installed here, it must list the
/// lead's key as the lead's), then the review is created as the kit describes it, with the lead's stable id, and
/// marked as a kit review for `expert`, the only one scored here (without one it is refused, naming whom it may be
/// for: nothing is written). Returns the new review's id.
pub fn import_kit(
    store: &mut Store,
    catalog: &Catalog,
    path: &Path,
    expert: Option<&str>,
) -> Result<(i64, KitV1), PersonalError> {
    let (bytes, minisig) = unpack(path, KIT_FILE)?;
    let kit = read_kit(&bytes, &minisig)?;
    import_read_kit(store, catalog, bytes, minisig, kit, expert)
}

/// The experts of a kit's panel who score (the non-recused), in the panel's order: whom a kit may be imported for.
pub fn kit_scorers(kit: &KitV1) -> Vec<String> {
    kit.panel.iter().filter(|e| !e.recused).map(|e| e.name.clone()).collect()
}

/// Reads and checks a kit file ([`read_kit`]) without importing it: what the terminal app shows before asking for
/// whom it is imported.
pub fn peek_kit(path: &Path) -> Result<(Vec<u8>, String, KitV1), PersonalError> {
    let (bytes, minisig) = unpack(path, KIT_FILE)?;
    let kit = read_kit(&bytes, &minisig)?;
    Ok((bytes, minisig, kit))
}

/// [`import_kit`] of a kit already read and checked by [`read_kit`].
pub fn import_read_kit(
    store: &mut Store,
    catalog: &Catalog,
    bytes: Vec<u8>,
    minisig: String,
    kit: KitV1,
    expert: Option<&str>,
) -> Result<(i64, KitV1), PersonalError> {
    let dir = store.path().parent().map(Path::to_path_buf).unwrap_or_default();
    if let Some(roster) = installed_roster(&dir) {
        let ok = roster
            .entry(&kit.lead.key_id)
            .is_some_and(|e| !e.revoked && e.name == kit.lead.name && e.public_key == kit.lead.public_key);
        if !ok {
            return Err(PersonalError::LeadNotTrusted { lead: kit.lead.name.clone(), key: kit.lead.key_id.clone() });
        }
    }
    if let Some(review) = store.review_by_uid(&kit.review.uid)? {
        return Err(PersonalError::KitAlreadyImported { uid: kit.review.uid.clone(), review });
    }
    // A kit review scores one expert only: without a name, the laptop could score every expert. Which expert's
    // laptop this is cannot be told from the kit (the secret keys here are sealed by their passphrases), so it is
    // asked for, never guessed.
    let Some(name) = expert else {
        return Err(PersonalError::ExpertNotGiven { names: kit_scorers(&kit) });
    };
    match kit.panel.iter().find(|e| e.name == name) {
        None => return Err(PersonalError::NotOnPanel { expert: name.to_string() }),
        Some(e) if e.recused => return Err(PersonalError::Recused { expert: name.to_string() }),
        Some(_) => {}
    }
    let unreadable = |message: String| PersonalError::Unreadable { file: KIT_FILE.into(), message };
    let card = parse_scorecard("scorecard.toml", &kit.scorecard.text).map_err(|e| unreadable(e.to_string()))?;
    let rules: Vec<_> = catalog.rules_for(&card).collect();
    let e = &kit.enterprise;
    let panel: Vec<KitMember> = kit
        .panel
        .iter()
        .map(|x| KitMember {
            expert: NewExpert {
                name: x.name.clone(),
                unit: x.unit.clone(),
                title: x.title.clone(),
                field: x.field.clone(),
                lead: x.role == "lead",
            },
            recusal: x.recusal.as_ref().map(|r| (r.reason.clone(), r.statement.clone())),
        })
        .collect();
    let record = KitRecord {
        role: "expert".into(),
        kit_sha256: sha256_hex(&bytes),
        kit: bytes,
        minisig,
        expert: Some(name.to_string()),
    };
    let new = NewReview {
        enterprise_name: e.name.clone(),
        credit_code: e.credit_code.clone(),
        address: e.address.clone(),
        industry: e.industry.clone(),
        track: Track::parse(&e.track),
        agency: e.agency.clone(),
        date: kit.review.date.clone(),
        place: kit.review.place.clone(),
        review_type: kit.review.review_type.clone(),
    };
    // One transaction: the review, its panel and the kit are all in, or nothing is.
    let id = store.import_kit_review(&new, &card, &rules, &panel, &kit.review.uid, &record)?;
    Ok((id, kit))
}
