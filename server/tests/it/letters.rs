//! "CMS configuration" over HTTP as a browser without WebAssembly uses it:
//! the Word file is a plain multipart form post that lands on "Letter
//! Template Bases", or comes back to its page with the error; a body over
//! the upload limit is refused with 413; letter templates and "Patient
//! Profile Is Visible" are plain form posts. Documents on a patient's
//! record the same way.

use app::letters::package::Package;
use app::org::model::Role;
use app::server::fixtures;

use crate::common::{
    location, multipart, person_with_password, plain_post, signed_in_client, spawn_app,
    two_practices_with_admins, TestApp,
};

const PASSWORD: &str = "a long enough password";

fn word_file(text: &str) -> Vec<u8> {
    let document = format!(
        r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>"#
    );
    Package::of(vec![
        ("[Content_Types].xml".into(), b"<Types/>".to_vec()),
        ("word/document.xml".into(), document.into_bytes()),
    ])
    .write()
}

async fn upload(
    client: &reqwest::Client,
    app: &TestApp,
    from: &str,
    fields: &[(&str, &str)],
    file: (&str, &str, &[u8]),
) -> reqwest::Response {
    upload_to(client, app, "new_letter_template_base", from, fields, file).await
}

async fn upload_to(
    client: &reqwest::Client,
    app: &TestApp,
    endpoint: &str,
    from: &str,
    fields: &[(&str, &str)],
    file: (&str, &str, &[u8]),
) -> reqwest::Response {
    let (content_type, body) = multipart(fields, file);
    client
        .post(app.url(&format!("/api/{endpoint}")))
        .header("accept", "text/html,application/xhtml+xml,*/*;q=0.8")
        .header("origin", app.state.config.base_url.as_str())
        .header("referer", format!("{}{from}", app.state.config.base_url))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_practice_admin_uploads_a_word_base_and_adds_a_visible_letter_with_plain_form_posts() {
    let app = spawn_app().await;
    let mut conn = app.state.db.pool.acquire().await.unwrap();
    let practice = fixtures::practice(&mut conn, "Riverside", None).await;
    drop(conn);
    person_with_password(
        &app,
        "admin@nhs.net",
        "Alex Admin",
        PASSWORD,
        &[(&practice, Role::PracticeAdmin)],
    )
    .await;
    let admin = signed_in_client(&app, "admin@nhs.net", PASSWORD).await;
    let new_page = format!("/practices/{practice}/letter-template-bases/new");
    let page = admin.get(app.url(&new_page)).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("enctype=\"multipart/form-data\""), "{html}");
    assert!(html.contains(">Fields<"));

    // A PDF named .docx: back to the page, which says why.
    let fields = [
        ("organisation_id", practice.as_str()),
        ("name", "Letterhead"),
        ("body", "{{letter}}"),
    ];
    let refused = upload(
        &admin,
        &app,
        &new_page,
        &fields,
        ("file", "letterhead.docx", b"%PDF-1.7 not Word"),
    )
    .await;
    assert_eq!(refused.status(), 302, "back to the page it came from");
    let back = location(&refused).replace(app.state.config.base_url.as_str(), "");
    assert!(
        back.starts_with(&new_page) && back.contains("__err="),
        "{back}"
    );
    let html = admin
        .get(app.url(&back))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("nhsuk-error-summary"), "{html}");
    assert!(html.contains("must be a Word document"), "{html}");

    // Larger than an upload may be: 413 before anything is read.
    let huge = vec![b'x'; server::UPLOAD_BODY_LIMIT + 1];
    let too_big = upload(
        &admin,
        &app,
        &new_page,
        &fields,
        ("file", "big.docx", &huge),
    )
    .await;
    assert_eq!(too_big.status(), 413);

    let saved = upload(
        &admin,
        &app,
        &new_page,
        &fields,
        ("file", "letterhead.docx", &word_file("{{body}}")),
    )
    .await;
    assert_eq!(saved.status(), 303, "{}", location(&saved));
    assert_eq!(
        location(&saved),
        format!("/practices/{practice}/letter-template-bases?done=added")
    );
    let html = admin
        .get(app.url(location(&saved)))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Template base saved") && html.contains("letterhead.docx"),
        "{html}"
    );
    let base: String = sqlx::query_scalar("SELECT id FROM letter_template_bases")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();

    let templates = format!("/practices/{practice}/letter-templates");
    let step_two = format!("{templates}/new?object=patient_profile&base={base}");
    let html = admin
        .get(app.url(&step_two))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Patient Profile Is Visible"), "{html}");
    let added = plain_post(
        &admin,
        &app,
        "new_letter_template",
        &step_two,
        &[
            ("organisation_id", practice.as_str()),
            ("template[object]", "patient_profile"),
            ("template[base_id]", base.as_str()),
            ("template[name]", "Your Patient ID"),
            ("template[body]", "Your Patient ID is {{patient_id}}"),
        ],
    )
    .await;
    assert_eq!(location(&added), format!("{templates}?done=added"));
    let template: String = sqlx::query_scalar("SELECT id FROM letter_templates")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let shown = plain_post(
        &admin,
        &app,
        "set_letter_template_visible",
        &templates,
        &[
            ("organisation_id", practice.as_str()),
            ("template_id", template.as_str()),
            ("visible", "true"),
        ],
    )
    .await;
    assert_eq!(location(&shown), format!("{templates}?done=visibility"));
    let html = admin
        .get(app.url(location(&shown)))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Your Patient ID") && html.contains("Turn off"),
        "{html}"
    );

    // A patient's letter address answers nobody signed out, and nothing
    // to someone whose letter it is not.
    let anonymous = reqwest::Client::new();
    let status = anonymous
        .get(app.url("/patient-profile/letters/some-letter"))
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, 401);
    let status = admin
        .get(app.url("/patient-profile/letters/some-letter"))
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, 404);
}

#[tokio::test]
async fn staff_add_a_document_to_a_record_with_a_plain_form_post_and_only_their_practice_opens_it()
{
    let app = spawn_app().await;
    let (practice, other, admin_id) = two_practices_with_admins(&app, None, PASSWORD).await;
    let patient = app::patients::records::service::add_patient(
        app.state.cx(),
        &fixtures::signed_in(&admin_id, "Alex Admin", "admin@nhs.net", None),
        &practice,
        &app::patients::model::NewPatient {
            given_name: "Olivia".into(),
            family_name: "Bennett".into(),
            nhs_number: "9434765919".into(),
            dob_day: "15".into(),
            dob_month: "3".into(),
            dob_year: "1984".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let admin = signed_in_client(&app, "admin@nhs.net", PASSWORD).await;
    let record = format!("/practices/{practice}/patients/{patient}");
    let html = admin
        .get(app.url(&record))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("No documents on this record yet."), "{html}");
    let add_page = format!("{record}/add-document");
    let html = admin
        .get(app.url(&add_page))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("enctype=\"multipart/form-data\""), "{html}");

    let fields = [
        ("organisation_id", practice.as_str()),
        ("patient_id", patient.as_str()),
        ("name", "Discharge summary"),
        ("visible", "yes"),
    ];
    // A text file: back to the page, which says why.
    let refused = upload_to(
        &admin,
        &app,
        "add_patient_document",
        &add_page,
        &fields,
        ("file", "summary.pdf", b"plain text, not a PDF"),
    )
    .await;
    assert_eq!(refused.status(), 302);
    let back = location(&refused).replace(app.state.config.base_url.as_str(), "");
    let html = admin
        .get(app.url(&back))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("nhsuk-error-summary"), "{html}");
    assert!(html.contains("must be a PDF"), "{html}");

    let pdf = b"%PDF-1.7\n1 0 obj\n";
    let saved = upload_to(
        &admin,
        &app,
        "add_patient_document",
        &add_page,
        &fields,
        ("file", "scan.pdf", pdf),
    )
    .await;
    assert_eq!(saved.status(), 303);
    assert_eq!(location(&saved), format!("{record}?done=document"));
    let html = admin
        .get(app.url(location(&saved)))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Document added") && html.contains("Discharge summary"),
        "{html}"
    );
    let document: String = sqlx::query_scalar("SELECT id FROM patient_documents")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let href = format!("{record}/documents/{document}");
    let file = admin.get(app.url(&href)).send().await.unwrap();
    assert_eq!(file.status(), 200);
    assert_eq!(file.headers()["content-type"], "application/pdf");
    assert_eq!(
        file.headers()["content-disposition"],
        "attachment; filename=\"Discharge summary.pdf\""
    );
    assert_eq!(file.headers()["cache-control"], "no-store");
    assert_eq!(file.bytes().await.unwrap().as_ref(), pdf);

    let hidden = plain_post(
        &admin,
        &app,
        "set_patient_document_visible",
        &record,
        &[
            ("organisation_id", practice.as_str()),
            ("patient_id", patient.as_str()),
            ("document_id", document.as_str()),
            ("visible", "false"),
        ],
    )
    .await;
    assert_eq!(location(&hidden), format!("{record}?done=visibility"));

    // Another practice's admin, the record's address under their own
    // practice or ours, and anyone signed out: refused.
    let stranger = signed_in_client(&app, "other@nhs.net", PASSWORD).await;
    let status = stranger.get(app.url(&href)).send().await.unwrap().status();
    assert_eq!(status, 403);
    let theirs = format!("/practices/{other}/patients/{patient}/documents/{document}");
    let status = stranger
        .get(app.url(&theirs))
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, 404);
    let anonymous = reqwest::Client::new();
    for path in [
        href.clone(),
        format!("/patient-profile/documents/{document}"),
    ] {
        let status = anonymous.get(app.url(&path)).send().await.unwrap().status();
        assert_eq!(status, 401, "{path}");
    }
    let status = admin
        .get(app.url(&format!("/patient-profile/documents/{document}")))
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, 404);
}

#[tokio::test]
async fn staff_tick_patients_and_print_their_letters_with_plain_form_posts_and_only_their_practice_opens_them(
) {
    use app::letters::model::TemplateForm;
    use app::letters::service::{create_base, create_template, NewBaseInput};
    use app::patients::credentials::service::bulk::BULK_CREDENTIALS_JOB;
    use app::patients::model::NewPatient;
    let app = spawn_app().await;
    let (practice, other, admin_id) = two_practices_with_admins(&app, None, PASSWORD).await;
    let actor = fixtures::signed_in(&admin_id, "Alex Admin", "admin@nhs.net", None);
    let cx = app.state.cx();
    let base = create_base(
        cx,
        &actor,
        &practice,
        NewBaseInput {
            name: "Letterhead".into(),
            body: "Dear {{patient_name}}\n{{letter}}".into(),
            file_name: "letterhead.docx".into(),
            file: word_file("{{body}}"),
        },
    )
    .await
    .unwrap();
    let template = create_template(
        cx,
        &actor,
        &practice,
        &TemplateForm {
            object: "patient_profile".into(),
            base_id: base.to_string(),
            name: "Your Patient ID".into(),
            body: "Your Patient ID is {{patient_id}}".into(),
            visible: "yes".into(),
        },
    )
    .await
    .unwrap();
    let mut patients = Vec::new();
    for (given, nhs) in [("Olivia", "9434765919"), ("Noah", "9434765870")] {
        let form = NewPatient {
            given_name: given.into(),
            family_name: "Bennett".into(),
            nhs_number: nhs.into(),
            dob_day: "15".into(),
            dob_month: "3".into(),
            dob_year: "1984".into(),
            ..Default::default()
        };
        let id = app::patients::records::service::add_patient(cx, &actor, &practice, &form)
            .await
            .unwrap();
        patients.push(id.to_string());
    }
    let admin = signed_in_client(&app, "admin@nhs.net", PASSWORD).await;

    // "Patients": each row has its tick box, and the page offers the lot.
    let list = format!("/practices/{practice}/patients?q=bennett");
    let html = admin
        .get(app.url(&list))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Select Olivia Bennett") && html.contains("Select Noah Bennett"));
    assert!(html.contains("Create Patient Portal Credentials for all 2 patients that match"));
    let page = format!(
        "/practices/{practice}/patients/bulk-credentials?patient={}&patient={}",
        patients[0], patients[1]
    );
    let html = admin
        .get(app.url(&page))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("You selected 2 patients"), "{html}");
    assert!(html.contains("Your Patient ID") && html.contains("Letters to print"));
    let submission: String = uuid_of(&html);

    let (y, m, d) = app::server::dates::uk_today(
        app::server::Clock::now_ms(app.clock.as_ref()) + 30 * app::server::clock::DAY_MS,
    );
    let (y, m, d) = (y.to_string(), m.to_string(), d.to_string());
    let started = plain_post(
        &admin,
        &app,
        "start_bulk_credentials",
        &page,
        &[
            ("organisation_id", practice.as_str()),
            ("submission", submission.as_str()),
            ("query", ""),
            ("patients[]", patients[0].as_str()),
            ("patients[]", patients[1].as_str()),
            ("credentials[distribution]", "later"),
            ("credentials[expiry_day]", d.as_str()),
            ("credentials[expiry_month]", m.as_str()),
            ("credentials[expiry_year]", y.as_str()),
            ("letters[]", template.as_str()),
        ],
    )
    .await;
    assert_eq!(started.status(), 303, "{}", location(&started));
    let job_page = location(&started).to_string();
    assert!(job_page.starts_with(&format!("/organisations/{practice}/jobs/")));
    let job = job_page.rsplit('/').next().unwrap().to_string();
    let kinds = [BULK_CREDENTIALS_JOB];
    let nothing = |_: &app::jobs::service::JobChange| {};
    let runner = app::jobs::service::Runner {
        cx,
        kinds: &kinds,
        id: "test".into(),
        changed: &nothing,
    };
    while runner.run_due(4).await.unwrap().claimed > 0 {}
    let html = admin
        .get(app.url(&job_page))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let letters_page = format!("/practices/{practice}/patients/bulk-credentials/{job}");
    assert!(
        html.contains("Letters for these patients") && html.contains(&letters_page),
        "{html}"
    );
    let html = admin
        .get(app.url(&letters_page))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Letters for 2 patients"), "{html}");
    let print = format!("{letters_page}/print?letter={template}&part=1");
    let html = admin
        .get(app.url(&print))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(html.matches("gh-letters-page").count(), 2, "{html}");
    assert!(html.contains("Dear Noah Bennett") && html.contains("Dear Olivia Bennett"));

    let docx = format!("{letters_page}/letters.docx?letter={template}&part=1");
    let answer = admin.get(app.url(&docx)).send().await.unwrap();
    assert_eq!(answer.status(), 200);
    assert_eq!(answer.headers()["cache-control"], "no-store");
    let bytes = answer.bytes().await.unwrap();
    let word = Package::read(&bytes).unwrap();
    let document = word.text("word/document.xml").unwrap();
    assert_eq!(document.matches(r#"<w:br w:type="page"/>"#).count(), 1);
    assert!(document.contains("Dear Noah Bennett") && document.contains("Dear Olivia Bennett"));

    // Another practice's admin and someone signed out get nothing.
    let outsider = signed_in_client(&app, "other@nhs.net", PASSWORD).await;
    let status = outsider.get(app.url(&docx)).send().await.unwrap().status();
    assert_eq!(status, 403);
    let theirs = format!(
        "/practices/{other}/patients/bulk-credentials/{job}/letters.docx?letter={template}&part=1"
    );
    let status = outsider
        .get(app.url(&theirs))
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, 404);
    let status = reqwest::Client::new()
        .get(app.url(&docx))
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, 401);
}

/// The form's submission key: the value of its hidden `submission` field.
fn uuid_of(html: &str) -> String {
    let at = html
        .find("name=\"submission\"")
        .expect("a submission field");
    let rest = &html[at..];
    let start = rest.find("value=\"").expect("its value") + 7;
    rest[start..].chars().take_while(|c| *c != '"').collect()
}
