//! `/practices/:id/staff/:membership_id`: change one registered staff row.

use crate::ids::{MembershipId, OrgId};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::components::{
    BackLink, Button, ButtonKind, ErrorSummary, FormErrors, PageSkeleton, Select, SummaryList,
    SummaryRow, TextInput,
};
use crate::error::{AppError, FieldErrors};
use crate::staff::members::api::*;
use crate::staff::members::model::*;
use crate::staff::model::ClinicalSystem;
use crate::staff::ui::role_options;

/// `/practices/:id/staff/:membership_id`: change one registered staff row.
#[component]
pub fn StaffMemberPage() -> impl IntoView {
    let params = use_params_map();
    let ids = move || {
        params.with(|p| {
            (
                OrgId::new(p.get("id").unwrap_or_default()),
                MembershipId::new(p.get("membership_id").unwrap_or_default()),
            )
        })
    };
    let data = Resource::new(ids, |(org, membership)| get_staff_member(org, membership));
    view! {
        <Title text="Change staff member"/>
        <PageSkeleton data=data page=move |(member, system)| {
            let (org, _) = ids();
            view! { <StaffMemberForms organisation_id=org member is_emis=system == ClinicalSystem::EmisWeb/> }.into_any()
        }/>
    }
}

#[component]
fn StaffMemberForms(organisation_id: OrgId, member: StaffMember, is_emis: bool) -> impl IntoView {
    let emis = ServerAction::<UpdateEmisUsername>::new();
    let role = ServerAction::<ChangeStaffRole>::new();
    let enable = ServerAction::<SetStaffEnabled>::new();
    let remove = ServerAction::<RemoveStaffRole>::new();
    let latest: RwSignal<Option<(&'static str, Result<(), AppError>)>> = RwSignal::new(None);
    Effect::new(move |_| {
        if let Some(r) = emis.value().get() {
            latest.set(Some(("emis", r)));
        }
    });
    Effect::new(move |_| {
        if let Some(r) = role.value().get() {
            latest.set(Some(("role", r)));
        }
    });
    Effect::new(move |_| {
        if let Some(r) = enable.value().get() {
            latest.set(Some(("enable", r)));
        }
    });
    Effect::new(move |_| {
        if let Some(r) = remove.value().get() {
            latest.set(Some(("removed", r)));
        }
    });
    let was_active = member.active;
    let back = format!("/practices/{organisation_id}/staff");
    let navigate = use_navigate();
    {
        let back = back.clone();
        Effect::new(move |_| {
            if let Some((what, Ok(()))) = latest.get() {
                let done = match what {
                    "enable" if was_active => "disabled",
                    "enable" => "enabled",
                    other => other,
                };
                navigate(&format!("{back}?done={done}"), Default::default());
            }
        });
    }
    let errors = Signal::derive(move || match latest.get() {
        Some((_, Err(AppError::Invalid(errors)))) => errors,
        Some((what, Err(other))) => {
            let field = if what == "role" {
                "role"
            } else {
                "emis_username"
            };
            let mut errors = FieldErrors::default();
            errors.push(field, &other.to_string());
            errors
        }
        _ => FieldErrors::default(),
    });
    let form = FormErrors::new(errors);
    let other_roles: Vec<(String, String)> = role_options(false)
        .into_iter()
        .filter(|(value, _)| *value != member.role)
        .collect();
    let (org1, org2, org3, org4) = (
        organisation_id.clone(),
        organisation_id.clone(),
        organisation_id.clone(),
        organisation_id,
    );
    let (m1, m2, m3, m4) = (
        member.membership_id.clone(),
        member.membership_id.clone(),
        member.membership_id.clone(),
        member.membership_id.clone(),
    );
    let status_text = if member.active { "Active" } else { "Disabled" };
    let shown_emis = member
        .emis_username
        .clone()
        .unwrap_or_else(|| "Not given".to_string());
    let current_emis = member.emis_username.clone().unwrap_or_default();
    view! {
        <BackLink href=back.clone() text="Back to Manage staff and inboxes"/>
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <ErrorSummary errors/>
                <span class="nhsuk-caption-l">{member.email.clone()}</span>
                <h1>{format!("{} – {}", member.name, member.role_label)}</h1>
                <SummaryList>
                    <SummaryRow key="Role">{member.role_label.clone()}</SummaryRow>
                    <SummaryRow key="Status">{status_text}</SummaryRow>
                    {is_emis.then(|| view! {
                        <SummaryRow key="EMIS username">{shown_emis.clone()}</SummaryRow>
                    })}
                </SummaryList>
                <p class="nhsuk-body"><a href=format!("/people/{}/activity", member.user_id)>"See their activity"</a></p>

                {is_emis.then(|| {
                    let current = current_emis.clone();
                    view! {
                        <h2>"EMIS username"</h2>
                        <ActionForm action=emis attr:novalidate=true>
                            <input type="hidden" name="organisation_id" value=org1/>
                            <input type="hidden" name="membership_id" value=m1/>
                            <TextInput id="emis_username" label="EMIS username" hint="Leave empty if they have none" value=current autocomplete="off" error=form.field("emis_username")/>
                            <Button kind=ButtonKind::Secondary>"Save EMIS username"</Button>
                        </ActionForm>
                    }
                })}

                <h2>"Change role"</h2>
                <ActionForm action=role attr:novalidate=true>
                    <input type="hidden" name="organisation_id" value=org2/>
                    <input type="hidden" name="membership_id" value=m2/>
                    <Select id="role" label="New role" options=other_roles error=form.field("role")/>
                    <Button kind=ButtonKind::Secondary>"Change role"</Button>
                </ActionForm>

                <h2>{if member.active { "Disable this role" } else { "Enable this role" }}</h2>
                <p class="nhsuk-body">{if member.active {
                    "A disabled role gives no access from their next page. Their other roles are not affected."
                } else {
                    "Enabling gives the role's access back from their next page."
                }}</p>
                <ActionForm action=enable attr:novalidate=true>
                    <input type="hidden" name="organisation_id" value=org3/>
                    <input type="hidden" name="membership_id" value=m3/>
                    <input type="hidden" name="enabled" value=if member.active { "false" } else { "true" }/>
                    <Button kind=ButtonKind::Secondary>{if member.active { "Disable role" } else { "Enable role" }}</Button>
                </ActionForm>

                <h2>"Remove this role"</h2>
                <p class="nhsuk-body">"They keep their account and any other roles. To give the role back, invite them again."</p>
                <ActionForm action=remove attr:novalidate=true>
                    <input type="hidden" name="organisation_id" value=org4/>
                    <input type="hidden" name="membership_id" value=m4/>
                    <Button kind=ButtonKind::Warning>"Remove role"</Button>
                </ActionForm>
            </div>
        </div>
    }
}
