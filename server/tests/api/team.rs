//! Invites, roles and removal, through the server functions.

use crate::helpers::{client, token_from, unique_email, Owner, TestApp};
use app::api::*;

both_backends!(invite_accept_and_roles, |app: TestApp| async move {
    let Owner {
        client: owner,
        tenant,
        email: owner_email,
        ..
    } = app.owner("acme").await;
    let (status, o) = app
        .call(
            &owner,
            GetOverview {
                tenant_id: tenant.to_string(),
            },
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(o["workspace"]["role"], "owner");
    assert_eq!(o["workspace"]["members"], 1);

    let bea = unique_email("bea");
    let (status, inv) = app
        .call(
            &owner,
            CreateInvite {
                tenant_id: tenant.to_string(),
                email: bea.to_string(),
                role: baas::roles::Role::Member,
            },
        )
        .await;
    assert_eq!(status, 200, "{inv}");
    let link = inv["link"].as_str().expect("link").to_string();
    assert!(link.starts_with(&app.url("/invite?token=")));
    // The link also went to Bea by email, naming the workspace and who invited.
    assert_eq!(inv["emailed"], true, "{inv}");
    let mail = app.wait_for_mail(&bea, 0, &link).await;
    let subject = mail["subject"].as_str().unwrap_or_default();
    assert!(
        subject.contains("acme workspace") && subject.contains(&owner_email),
        "{subject}"
    );
    let token = token_from(&link, "/invite?token=");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM invites WHERE token_hash = $1", &token)
            .await,
        0,
        "hashed at rest"
    );

    // Anyone holding the link may preview it; only the invited address may accept it.
    let (status, p) = app
        .call(
            &client(),
            GetInvite {
                token: token.to_string(),
            },
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        (p["email"].as_str(), p["role"].as_str(), p["state"].as_str()),
        (Some(bea.as_str()), Some("member"), Some("pending"))
    );
    let stranger = client();
    app.sign_in(&stranger, &unique_email("stranger")).await;
    let (status, e) = app
        .call(
            &stranger,
            AcceptInvite {
                token: token.to_string(),
            },
        )
        .await;
    assert_eq!(status, 403, "{e}");

    let bea_c = client();
    let bea_id = app.sign_in(&bea_c, &bea).await;
    let (status, t) = app
        .call(
            &bea_c,
            AcceptInvite {
                token: token.to_string(),
            },
        )
        .await;
    assert!(status == 200 || status == 302, "{status} {t}");
    let (status, e) = app
        .call(
            &bea_c,
            AcceptInvite {
                token: token.to_string(),
            },
        )
        .await;
    assert_eq!(status, 400, "reused invite: {e}");

    let (_, members) = app
        .call(
            &bea_c,
            ListMembers {
                tenant_id: tenant.to_string(),
            },
        )
        .await;
    let roles: Vec<(String, String)> = members
        .as_array()
        .expect("list")
        .iter()
        .map(|m| {
            (
                m["email"].as_str().unwrap_or("").to_string(),
                m["role"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert!(roles.contains(&(owner_email.clone(), "owner".into())));
    assert!(roles.contains(&(bea.clone(), "member".into())));

    // A member cannot manage the team.
    let (status, _) = app
        .call(
            &bea_c,
            CreateInvite {
                tenant_id: tenant.to_string(),
                email: (unique_email("x")).to_string(),
                role: baas::roles::Role::Viewer,
            },
        )
        .await;
    assert_eq!(status, 403);

    // The owner promotes Bea; the list of invites shows the accepted state.
    let (status, _) = app
        .call(
            &owner,
            ChangeRole {
                tenant_id: tenant.to_string(),
                user_id: bea_id.to_string(),
                role: baas::roles::Role::Admin,
            },
        )
        .await;
    assert_eq!(status, 200);
    let (_, o) = app
        .call(
            &bea_c,
            GetOverview {
                tenant_id: tenant.to_string(),
            },
        )
        .await;
    assert_eq!(o["workspace"]["role"], "admin");
    let (_, invites) = app
        .call(
            &owner,
            ListInvites {
                tenant_id: tenant.to_string(),
            },
        )
        .await;
    assert_eq!(invites[0]["state"], "accepted");

    // Admins cannot create owners.
    let (status, e) = app
        .call(
            &bea_c,
            CreateInvite {
                tenant_id: tenant.to_string(),
                email: (unique_email("o")).to_string(),
                role: baas::roles::Role::Owner,
            },
        )
        .await;
    assert_eq!(status, 403, "{e}");
    // An unknown role is bad input, not a crash.
    let (status, e) = app
        .call_raw(
            &owner,
            "create_invite",
            &[
                ("tenant_id", &tenant),
                ("email", &unique_email("o")),
                ("role", "root"),
            ],
        )
        .await;
    assert_eq!(status, 400, "{e}");
    assert_eq!(e["kind"], "invalid");
});

both_backends!(
    last_owner_cannot_be_demoted_or_removed,
    |app: TestApp| async move {
        let Owner {
            client: owner,
            user_id: owner_id,
            tenant,
            ..
        } = app.owner("solo").await;
        let (status, e) = app
            .call(
                &owner,
                ChangeRole {
                    tenant_id: tenant.to_string(),
                    user_id: owner_id.to_string(),
                    role: baas::roles::Role::Admin,
                },
            )
            .await;
        assert_eq!(status, 403, "{e}");
        assert!(e["message"].as_str().unwrap_or("").contains("last owner"));
        let (status, _) = app
            .call(
                &owner,
                RemoveMember {
                    tenant_id: tenant.to_string(),
                    user_id: owner_id.to_string(),
                },
            )
            .await;
        assert_eq!(status, 403);
        let (_, o) = app
            .call(
                &owner,
                GetOverview {
                    tenant_id: tenant.to_string(),
                },
            )
            .await;
        assert_eq!(o["workspace"]["role"], "owner");

        // With a second owner, the first may step down.
        let (_, second_id) = app
            .add_member(
                &owner,
                &tenant,
                &unique_email("co"),
                baas::roles::Role::Owner,
            )
            .await;
        let (status, _) = app
            .call(
                &owner,
                ChangeRole {
                    tenant_id: tenant.to_string(),
                    user_id: owner_id.to_string(),
                    role: baas::roles::Role::Admin,
                },
            )
            .await;
        assert_eq!(status, 200);
        assert_eq!(
            app.count(
                "SELECT COUNT(*) FROM memberships WHERE user_id = $1 AND role = 'owner'",
                &second_id
            )
            .await,
            1
        );
    }
);

both_backends!(removal_ends_access_at_once, |app: TestApp| async move {
    let Owner {
        client: owner,
        tenant,
        ..
    } = app.owner("rm").await;
    let (member, member_id) = app
        .add_member(
            &owner,
            &tenant,
            &unique_email("gone"),
            baas::roles::Role::Member,
        )
        .await;
    let (status, _) = app
        .call(
            &member,
            ListMembers {
                tenant_id: tenant.to_string(),
            },
        )
        .await;
    assert_eq!(status, 200);
    let (status, _) = app
        .call(
            &owner,
            RemoveMember {
                tenant_id: tenant.to_string(),
                user_id: member_id.to_string(),
            },
        )
        .await;
    assert_eq!(status, 200);
    let (status, _) = app
        .call(
            &member,
            ListMembers {
                tenant_id: tenant.to_string(),
            },
        )
        .await;
    assert_eq!(
        status, 403,
        "the removed member's session no longer reaches the tenant"
    );
    let (_, me) = app.call(&member, Whoami {}).await;
    assert_eq!(me["tenants"].as_array().map(Vec::len), Some(0));
});

both_backends!(viewer_cannot_use_admin_actions, |app: TestApp| async move {
    let Owner {
        client: owner,
        user_id: owner_id,
        tenant,
        ..
    } = app.owner("ro").await;
    let (viewer, _) = app
        .add_member(
            &owner,
            &tenant,
            &unique_email("view"),
            baas::roles::Role::Viewer,
        )
        .await;
    let before_invites = app
        .count("SELECT COUNT(*) FROM invites WHERE tenant_id = $1", &tenant)
        .await;
    for (name, args) in [
        (
            "create_invite",
            vec![
                ("tenant_id", tenant.as_str()),
                ("email", "z@example.com"),
                ("role", "viewer"),
            ],
        ),
        (
            "change_role",
            vec![
                ("tenant_id", tenant.as_str()),
                ("user_id", owner_id.as_str()),
                ("role", "viewer"),
            ],
        ),
        (
            "remove_member",
            vec![
                ("tenant_id", tenant.as_str()),
                ("user_id", owner_id.as_str()),
            ],
        ),
        ("list_invites", vec![("tenant_id", tenant.as_str())]),
        ("audit_log", vec![("tenant_id", tenant.as_str())]),
    ] {
        let (status, e) = app.call_raw(&viewer, name, &args).await;
        assert_eq!(status, 403, "{name}: {e}");
        assert_eq!(e["kind"], "forbidden");
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM invites WHERE tenant_id = $1", &tenant)
            .await,
        before_invites
    );
    let (_, o) = app
        .call(
            &owner,
            GetOverview {
                tenant_id: tenant.to_string(),
            },
        )
        .await;
    assert_eq!(o["workspace"]["role"], "owner");
    assert_eq!(o["workspace"]["members"], 2);
});

both_backends!(
    revoked_and_expired_invites_are_refused,
    |app: TestApp| async move {
        let Owner {
            client: owner,
            tenant,
            ..
        } = app.owner("inv").await;
        let email = unique_email("late");
        let (_, inv) = app
            .call(
                &owner,
                CreateInvite {
                    tenant_id: tenant.to_string(),
                    email: email.to_string(),
                    role: baas::roles::Role::Member,
                },
            )
            .await;
        let token = token_from(inv["link"].as_str().expect("link"), "/invite?token=");
        let invite_id = inv["invite"]["id"].as_str().expect("id").to_string();
        let (status, _) = app
            .call(
                &owner,
                RevokeInvite {
                    tenant_id: tenant.to_string(),
                    invite_id: invite_id.to_string(),
                },
            )
            .await;
        assert_eq!(status, 200);
        let c = client();
        app.sign_in(&c, &email).await;
        let (status, e) = app
            .call(
                &c,
                AcceptInvite {
                    token: token.to_string(),
                },
            )
            .await;
        assert_eq!(status, 400);
        assert!(e["message"].as_str().unwrap_or("").contains("revoked"));

        let (_, inv) = app
            .call(
                &owner,
                CreateInvite {
                    tenant_id: tenant.to_string(),
                    email: email.to_string(),
                    role: baas::roles::Role::Member,
                },
            )
            .await;
        let token = token_from(inv["link"].as_str().expect("link"), "/invite?token=");
        sqlx::query("UPDATE invites SET expires_at = 0 WHERE token_hash = $1")
            .bind(baas::crypto::hash_token(&token))
            .execute(&app.db.pool)
            .await
            .expect("expire");
        let (status, e) = app
            .call(
                &c,
                AcceptInvite {
                    token: token.to_string(),
                },
            )
            .await;
        assert_eq!(status, 400);
        assert!(e["message"].as_str().unwrap_or("").contains("expired"));
        let (status, _) = app
            .call(
                &c,
                AcceptInvite {
                    token: "no-such-invite".to_string(),
                },
            )
            .await;
        assert_eq!(status, 400);

        let (_, list) = app
            .call(
                &owner,
                ListInvites {
                    tenant_id: tenant.to_string(),
                },
            )
            .await;
        let states: Vec<&str> = list
            .as_array()
            .expect("list")
            .iter()
            .filter_map(|i| i["state"].as_str())
            .collect();
        assert!(
            states.contains(&"revoked") && states.contains(&"expired"),
            "{states:?}"
        );
        assert_eq!(
            app.count(
                "SELECT COUNT(*) FROM memberships WHERE tenant_id = $1",
                &tenant
            )
            .await,
            1
        );
    }
);
