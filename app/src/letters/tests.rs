//! Letter template bases and templates against a real database (SQLite,
//! or PostgreSQL with TEST_POSTGRES_URL), with Word files built here.
// Test code: a failed step should stop the test where it failed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::auth::model::CurrentUser;
use crate::error::AppError;
use crate::files::model::MAX_FILE_BYTES;
use crate::ids::{LetterTemplateId, OrgId};
use crate::org::model::Role;
use crate::server::fixtures;
use crate::server::testing::TestCx;

use super::model::TemplateForm;
use super::package::Package;
use super::render::FieldValues;
use super::service::{self as letters, NewBaseInput};

const NOW: i64 = 1_796_126_400_000;

struct World {
    t: TestCx,
    practice: OrgId,
    other_practice: OrgId,
    admin: CurrentUser,
}
crate::server::testing::test_world!(World);

async fn world() -> World {
    let t = TestCx::at(NOW).await;
    let mut conn = t.db.pool.acquire().await.unwrap();
    let practice = fixtures::practice(&mut conn, "Riverside Surgery", None).await;
    let other_practice = fixtures::practice(&mut conn, "Harbour View", None).await;
    let admin_id = fixtures::person(
        &mut conn,
        "admin@nhs.net",
        "Priya Shah",
        &[(&practice, Role::PracticeAdmin)],
    )
    .await;
    drop(conn);
    World {
        t,
        practice,
        other_practice,
        admin: fixtures::signed_in(&admin_id, "Priya Shah", "admin@nhs.net", None),
    }
}

/// A Word file whose document has these paragraphs (each a list of runs)
/// and a header with the practice's name.
pub fn word_file(paragraphs: &[&[&str]]) -> Vec<u8> {
    let mut body = String::new();
    for runs in paragraphs {
        body.push_str("<w:p>");
        for run in *runs {
            body.push_str("<w:r><w:rPr><w:i/></w:rPr><w:t xml:space=\"preserve\">");
            body.push_str(&super::merge::escape(run));
            body.push_str("</w:t></w:r>");
        }
        body.push_str("</w:p>");
    }
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}<w:sectPr/></w:body></w:document>"#
    );
    Package::of(vec![
        ("[Content_Types].xml".into(), br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#.to_vec()),
        ("word/document.xml".into(), document.into_bytes()),
        ("word/header1.xml".into(), br#"<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:r><w:t>{{practice_name}}</w:t></w:r></w:p></w:hdr>"#.to_vec()),
        ("word/_rels/document.xml.rels".into(), br#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>"#.to_vec()),
    ])
    .write()
}

fn base_input(name: &str, file: Vec<u8>) -> NewBaseInput {
    NewBaseInput {
        name: name.into(),
        body: "{{patient_name}}\n{{patient_address}}\n\n{{letter}}\n\nYours sincerely,\n{{practice_name}}".into(),
        file_name: "C:\\letters\\Letterhead.docx".into(),
        file,
    }
}

fn template_form(base: &str, name: &str, body: &str) -> TemplateForm {
    TemplateForm {
        object: "patient_profile".into(),
        base_id: base.into(),
        name: name.into(),
        body: body.into(),
        visible: "on".into(),
    }
}

fn values() -> FieldValues {
    let mut values = FieldValues::default();
    for (key, value) in [
        ("patient_name", "Olivia <Bennett>"),
        ("patient_address", "1 Quay Street\nSeaton"),
        ("patient_id", "ABCD-EFGH"),
        ("activation_code", "ABCDE-FGHJK-MNPQR"),
        (
            "registration_link",
            "http://127.0.0.1:3000/patient-profile/register?patient_id=ABCD-EFGH",
        ),
        ("practice_name", "Riverside Surgery"),
    ] {
        values.0.insert(key, value.to_string());
    }
    values
}

async fn count(w: &World, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
        .fetch_one(&w.db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_word_base_and_two_letters_make_merged_word_files_with_the_qr_code() {
    let w = world().await;
    let file = word_file(&[&["Riverside Surgery letterhead"], &["{", "{bo", "dy}", "}"]]);
    let base = letters::create_base(
        w.cx(),
        &w.admin,
        &w.practice,
        base_input("Letterhead", file),
    )
    .await
    .unwrap();
    let id_letter = letters::create_template(
        w.cx(),
        &w.admin,
        &w.practice,
        &template_form(
            &base,
            "Your Patient ID",
            "Your Patient ID is {{patient_id}}.\n{{registration_qr_code}}",
        ),
    )
    .await
    .unwrap();
    let code_letter = letters::create_template(
        w.cx(),
        &w.admin,
        &w.practice,
        &template_form(
            &base,
            "Your activation code",
            "Your activation code is {{activation_code}}.",
        ),
    )
    .await
    .unwrap();

    let page = letters::templates_page(w.cx(), &w.practice).await.unwrap();
    assert_eq!(page.templates.len(), 2);
    assert!(page
        .templates
        .iter()
        .all(|t| t.visible && t.base_name == "Letterhead"));
    let bases = letters::bases_page(w.cx(), &w.practice).await.unwrap();
    assert_eq!(bases.bases[0].file_name, "Letterhead.docx");
    assert_eq!(bases.bases[0].templates, 2);

    let mut conn = w.db.pool.acquire().await.unwrap();
    let (name, bytes) = letters::letter_docx(w.cx(), &mut conn, &w.practice, &id_letter, &values())
        .await
        .unwrap();
    assert_eq!(name, "Your Patient ID.docx");
    let letter = Package::read(&bytes).unwrap();
    let text = super::merge::visible_text(letter.text("word/document.xml").unwrap());
    assert!(
        text.contains("Olivia <Bennett>\n1 Quay Street\nSeaton\n\nYour Patient ID is ABCD-EFGH."),
        "{text}"
    );
    assert!(
        !text.contains("ABCDE-FGHJK"),
        "the code is only in the other letter"
    );
    assert!(!text.contains("{{"), "{text}");
    assert!(letter
        .text("word/document.xml")
        .unwrap()
        .contains("Olivia &lt;Bennett&gt;"));
    assert_eq!(
        super::merge::visible_text(letter.text("word/header1.xml").unwrap()),
        "Riverside Surgery\n"
    );
    assert!(letter
        .get("word/media/gatehouse-qr.png")
        .unwrap()
        .starts_with(b"\x89PNG"));
    assert!(letter
        .text("word/_rels/document.xml.rels")
        .unwrap()
        .contains("media/gatehouse-qr.png"));
    assert!(letter
        .text("[Content_Types].xml")
        .unwrap()
        .contains("Extension=\"png\""));

    let (_, lines) = letters::letter_lines(&mut conn, &w.practice, &code_letter, &values())
        .await
        .unwrap();
    assert!(
        lines.contains(&"Your activation code is ABCDE-FGHJK-MNPQR.".to_string()),
        "{lines:?}"
    );
    // Another practice cannot use them.
    assert!(matches!(
        letters::letter_lines(&mut conn, &w.other_practice, &code_letter, &values()).await,
        Err(AppError::NotFound)
    ));
}

#[tokio::test]
async fn files_that_are_not_usable_word_bases_get_a_clear_error_and_store_nothing() {
    let w = world().await;
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (
            b"%PDF-1.7 a PDF renamed to .docx".to_vec(),
            "must be a Word document",
        ),
        (vec![b'P'; MAX_FILE_BYTES + 1], "smaller than 5 MB"),
        (Vec::new(), "Select a file"),
        (word_file(&[&["No place for the body"]]), "{{body}}"),
        (
            word_file(&[&["{{body}} {{favourite_colour}}"]]),
            "{{favourite_colour}}",
        ),
        (
            Package::of(vec![
                ("[Content_Types].xml".into(), b"<Types/>".to_vec()),
                (
                    "word/document.xml".into(),
                    "{{body}}".repeat(3_000_000).into_bytes(),
                ),
            ])
            .write(),
            "more than a Word letter could need",
        ),
    ];
    for (file, message) in cases {
        let error = letters::create_base(
            w.cx(),
            &w.admin,
            &w.practice,
            base_input("Letterhead", file),
        )
        .await
        .unwrap_err();
        let said = error.field_errors().for_field("file").unwrap_or_default();
        assert!(said.contains(message), "{said} / {message}");
    }
    // A body with an unknown field, and a name too long.
    let mut input = base_input(&"x".repeat(101), word_file(&[&["{{body}}"]]));
    input.body = "Dear {{patient_nmae}}".into();
    let errors = letters::create_base(w.cx(), &w.admin, &w.practice, input)
        .await
        .unwrap_err()
        .field_errors();
    assert!(errors
        .for_field("body")
        .unwrap()
        .contains("{{patient_nmae}}"));
    assert!(errors.for_field("name").is_some());
    assert_eq!(count(&w, "files").await, 0);
    assert_eq!(count(&w, "letter_template_bases").await, 0);

    // The same name twice: the second is refused, its file not kept.
    letters::create_base(
        w.cx(),
        &w.admin,
        &w.practice,
        base_input("Letterhead", word_file(&[&["{{body}}"]])),
    )
    .await
    .unwrap();
    let again = letters::create_base(
        w.cx(),
        &w.admin,
        &w.practice,
        base_input(" Letterhead ", word_file(&[&["{{body}}"]])),
    )
    .await
    .unwrap_err();
    assert!(again.field_errors().for_field("name").is_some());
    assert_eq!(count(&w, "files").await, 1);
}

#[tokio::test]
async fn a_template_needs_a_base_of_its_practice_and_known_fields_and_its_visibility_can_change() {
    let w = world().await;
    let mut conn = w.db.pool.acquire().await.unwrap();
    let theirs = fixtures::person(
        &mut conn,
        "other@nhs.net",
        "Other Admin",
        &[(&w.other_practice, Role::PracticeAdmin)],
    )
    .await;
    drop(conn);
    let other_admin = fixtures::signed_in(&theirs, "Other Admin", "other@nhs.net", None);
    let their_base = letters::create_base(
        w.cx(),
        &other_admin,
        &w.other_practice,
        base_input("Theirs", word_file(&[&["{{body}}"]])),
    )
    .await
    .unwrap();
    let errors = letters::create_template(
        w.cx(),
        &w.admin,
        &w.practice,
        &template_form(&their_base, "", "Hello {{unknown_thing}}"),
    )
    .await
    .unwrap_err()
    .field_errors();
    assert!(errors.for_field("base_id").is_some());
    assert!(errors.for_field("name").is_some());
    assert!(errors
        .for_field("body")
        .unwrap()
        .contains("{{unknown_thing}}"));
    assert_eq!(count(&w, "letter_templates").await, 0);

    let base = letters::create_base(
        w.cx(),
        &w.admin,
        &w.practice,
        base_input("Ours", word_file(&[&["{{body}}"]])),
    )
    .await
    .unwrap();
    let mut form = template_form(&base, "Invitation", "Your Patient ID is {{patient_id}}");
    form.visible = String::new();
    let template = letters::create_template(w.cx(), &w.admin, &w.practice, &form)
        .await
        .unwrap();
    let visible = |page: super::model::TemplatesPage| page.templates[0].visible;
    assert!(!visible(
        letters::templates_page(w.cx(), &w.practice).await.unwrap()
    ));
    letters::set_visible(w.cx(), &w.admin, &w.practice, &template, true)
        .await
        .unwrap();
    assert!(visible(
        letters::templates_page(w.cx(), &w.practice).await.unwrap()
    ));
    // Another practice's template is not found.
    assert!(matches!(
        letters::set_visible(w.cx(), &other_admin, &w.other_practice, &template, false).await,
        Err(AppError::NotFound)
    ));
    assert!(matches!(
        letters::set_visible(
            w.cx(),
            &w.admin,
            &w.practice,
            &LetterTemplateId::new("nope"),
            false
        )
        .await,
        Err(AppError::NotFound)
    ));
    let log: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM activity_log WHERE event LIKE 'letter_template%'")
            .fetch_one(&w.db.pool)
            .await
            .unwrap();
    assert_eq!(log, 4, "two bases, a template, one visibility change");
}

#[tokio::test]
async fn files_kept_in_a_directory_read_back_and_a_changed_one_is_refused() {
    let mut w = world().await;
    let dir = std::env::temp_dir().join(format!("gatehouse-files-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    w.t.config.files_dir = Some(dir.clone());
    let base = letters::create_base(
        w.cx(),
        &w.admin,
        &w.practice,
        base_input("On disk", word_file(&[&["{{body}}"]])),
    )
    .await
    .unwrap();
    let template = letters::create_template(
        w.cx(),
        &w.admin,
        &w.practice,
        &template_form(&base, "Letter", "Hello {{patient_name}}"),
    )
    .await
    .unwrap();
    let in_db: Option<Vec<u8>> = sqlx::query_scalar("SELECT data FROM files")
        .fetch_one(&w.db.pool)
        .await
        .unwrap();
    assert!(in_db.is_none(), "the bytes are in the directory");
    let mut conn = w.db.pool.acquire().await.unwrap();
    letters::letter_docx(w.cx(), &mut conn, &w.practice, &template, &values())
        .await
        .unwrap();
    let file_id: String = sqlx::query_scalar("SELECT id FROM files")
        .fetch_one(&w.db.pool)
        .await
        .unwrap();
    std::fs::write(dir.join(&file_id), b"changed").unwrap();
    assert!(matches!(
        letters::letter_docx(w.cx(), &mut conn, &w.practice, &template, &values()).await,
        Err(AppError::Internal(_))
    ));
    std::fs::remove_dir_all(&dir).unwrap();
}
