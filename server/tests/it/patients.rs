//! Patient Profile over HTTP as a browser without WebAssembly uses it: the
//! staff forms are plain form posts that land on their pages, the letter's
//! print view and Word file carry the credentials, registration without
//! WebAssembly lands on "Check your email", and another practice's patient
//! is not found.

use app::org::model::OrgKind;
use app::server::fixtures;

use crate::common::{location, plain_post, signed_in_client, spawn_app, two_practices_with_admins};

const PASSWORD: &str = "a long enough password";

/// The text of the element with this id, up to its first tag.
fn element_text(html: &str, id: &str) -> String {
    let marker = format!("id=\"{id}\"");
    let at = html
        .find(&marker)
        .unwrap_or_else(|| panic!("{id} on the page: {html}"));
    let start = at + html[at..].find('>').expect("the tag ends") + 1;
    html[start..].chars().take_while(|c| *c != '<').collect()
}

#[tokio::test]
async fn staff_add_a_patient_and_distribute_credentials_with_plain_form_posts_and_the_patient_registers_without_webassembly(
) {
    let app = spawn_app().await;
    let mut conn = app.state.db.pool.acquire().await.unwrap();
    let network = fixtures::organisation(&mut conn, OrgKind::Network, "Network", None).await;
    drop(conn);
    let (practice, other, _) = two_practices_with_admins(&app, Some(&network), PASSWORD).await;
    let admin = signed_in_client(&app, "admin@nhs.net", PASSWORD).await;

    let new_page = format!("/practices/{practice}/patients/new");
    let added = plain_post(
        &admin,
        &app,
        "add_patient",
        &new_page,
        &[
            ("organisation_id", practice.as_str()),
            ("patient[given_name]", "Olivia"),
            ("patient[family_name]", "Bennett"),
            ("patient[nhs_number]", "943 476 5919"),
            ("patient[dob_day]", "15"),
            ("patient[dob_month]", "3"),
            ("patient[dob_year]", "1984"),
        ],
    )
    .await;
    assert_eq!(added.status(), 303);
    let record = location(&added).trim_end_matches("?done=added").to_string();
    assert!(
        record.starts_with(&format!("/practices/{practice}/patients/")),
        "{record}"
    );
    let patient_id = record.rsplit('/').next().unwrap().to_string();
    let page = admin.get(app.url(&record)).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("No account") && html.contains("Create Patient Portal Credentials"));

    // Another practice's admin: the record is not found.
    let outsider = signed_in_client(&app, "other@nhs.net", PASSWORD).await;
    let theirs = format!("/practices/{other}/patients/{patient_id}");
    assert_eq!(
        outsider
            .get(app.url(&theirs))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );

    let (y, m, d) = app::server::dates::uk_today(
        app::server::Clock::now_ms(app.clock.as_ref()) + 30 * app::server::clock::DAY_MS,
    );
    let (y, m, d) = (y.to_string(), m.to_string(), d.to_string());
    let created = plain_post(
        &admin,
        &app,
        "create_credentials",
        &format!("{record}/credentials"),
        &[
            ("organisation_id", practice.as_str()),
            ("patient_id", patient_id.as_str()),
            ("credentials[expiry_day]", d.as_str()),
            ("credentials[expiry_month]", m.as_str()),
            ("credentials[expiry_year]", y.as_str()),
            ("credentials[distribution]", "now"),
        ],
    )
    .await;
    assert_eq!(created.status(), 303);
    assert_eq!(location(&created), format!("{record}/letter"));

    let print = admin
        .get(app.url(&format!("{record}/letter/print")))
        .send()
        .await
        .unwrap();
    assert_eq!(print.status(), 200);
    let html = print.text().await.unwrap();
    let code = element_text(&html, "letter-activation-code");
    let patient_code = element_text(&html, "letter-patient-id");
    assert_eq!(code.len(), 17, "{code}");

    let docx = admin
        .get(app.url(&format!("{record}/letter.docx")))
        .send()
        .await
        .unwrap();
    assert_eq!(docx.status(), 200);
    assert_eq!(docx.headers()["cache-control"], "no-store");
    assert!(docx.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains(".docx"));
    let bytes = docx.bytes().await.unwrap();
    let package = app::letters::package::Package::read(&bytes).unwrap();
    assert!(package.text("word/document.xml").unwrap().contains(&code));
    assert!(package.get("word/media/qr.png").is_some());
    assert_eq!(
        outsider
            .get(app.url(&format!("{record}/letter.docx")))
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
    let anonymous = reqwest::Client::new();
    assert_eq!(
        anonymous
            .get(app.url(&format!("{record}/letter.docx")))
            .send()
            .await
            .unwrap()
            .status(),
        401
    );

    let sent = plain_post(
        &admin,
        &app,
        "mark_letter_sent",
        &format!("{record}/letter"),
        &[
            ("organisation_id", practice.as_str()),
            ("patient_id", patient_id.as_str()),
        ],
    )
    .await;
    assert_eq!(location(&sent), format!("{record}?done=sent"));

    // The patient, without WebAssembly.
    let patient = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .unwrap();
    let registered = plain_post(
        &patient,
        &app,
        "register_patient",
        "/patient-profile/register",
        &[
            ("registration[patient_id]", patient_code.as_str()),
            ("registration[activation_code]", code.as_str()),
            ("registration[dob_day]", "15"),
            ("registration[dob_month]", "3"),
            ("registration[dob_year]", "1984"),
            ("registration[email]", "olivia@example.com"),
            ("registration[password]", "lantern orchard pebble 7"),
            ("registration[confirm]", "lantern orchard pebble 7"),
        ],
    )
    .await;
    assert_eq!(registered.status(), 303);
    assert_eq!(location(&registered), "/patient-profile/registered");
    let page = admin
        .get(app.url(&record))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Pending email confirmation"));
    assert!(page.contains("Patient User Successfully Registered"));
}
