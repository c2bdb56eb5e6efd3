/*
 * Agent demo in C: the agent signs in through SSO as a browser would
 * (authentication config, PKCE login URL, the identity provider's redirect,
 * code exchange), connects with automatic token renewal, goes Available,
 * receives a task in a listener callback, accepts, wraps up and completes it
 * with a reason, then goes Offline.
 *
 *   make demo-c                          # starts a local flex-emulator
 *   make demo-c ARGS="--url http://127.0.0.1:PORT"   # uses a running one
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flex_sdk.h"
#include "flex_testkit.h"

#define STEP(...) (printf("[%7.3fs] ", tk_elapsed()), printf(__VA_ARGS__), putchar('\n'), fflush(stdout))

/* Prints each event, then records it so that the main thread can wait for it. */
static void on_event(const flex_event *event, void *user_data) {
    char *sid = tk_json_get(event->json, "sid");
    if (!sid) sid = tk_json_get(event->json, "state");
    STEP("  event %s%s%s", flex_event_kind_name(event->kind), sid ? " " : "", sid ? sid : "");
    free(sid);
    tk_recorder_on_event(event, user_data);
}

/* Reports a failed call and tells whether it failed. */
static int failed(flex_result rc, const char *what) {
    if (rc == FLEX_OK) return 0;
    flex_error *e = flex_last_error();
    fprintf(stderr, "%s failed: %u %s: %s\n", what, rc, flex_code_name(rc), e ? flex_error_message(e) : "");
    flex_error_free(e);
    return 1;
}

/* Runs one task through its life cycle. */
static int handle_task(flex_client *client, tk_emulator *emu, tk_recorder *rec) {
    char *task = tk_create_task(emu, "voice", "{\"customer\":\"Ada\",\"reason\":\"billing\"}");
    if (!task) return 1;
    STEP("created task %s through the TaskRouter REST API", task);
    char *reservation = tk_recorder_wait(rec, FLEX_EVENT_RESERVATION_CREATED, task, 15000);
    char *reservation_sid = reservation ? tk_json_get(reservation, "sid") : NULL;
    STEP("reservation %s received in the callback", reservation_sid ? reservation_sid : "(none)");
    int rc = !reservation || failed(flex_client_accept_task(client, task, NULL), "accept") ||
             (STEP("accepted"), failed(flex_client_wrap_up_task(client, task, NULL), "wrap up")) ||
             (STEP("wrapping up"), failed(flex_client_complete_task(client, task, "resolved", NULL), "complete"));
    if (!rc) STEP("completed");
    free(reservation_sid);
    free(reservation);
    free(task);
    return rc;
}

/* Signs the agent in through SSO, following the login URL as a browser would (the
 * emulator's identity provider takes the user from login_hint). Returns the access
 * token (malloc'd) and sets up automatic renewal in `options`; NULL on failure. */
static char *sso_sign_in(tk_emulator *emu, flex_client_options *options) {
    char *account = tk_world(emu, "account_sid"), *identity = tk_world(emu, "users.agent.identity");
    char *json = NULL, *client_id = NULL, *profile = NULL, *url = NULL, *nonce = NULL, *verifier = NULL;
    char *state = NULL, *location = NULL, *code = NULL, *back = NULL, *access = NULL, *refresh = NULL;
    char params[1024];
    snprintf(params, sizeof params, "{\"account_sid\":\"%s\"}", account);
    if (failed(flex_get_authentication_config(options, params, &json), "authentication config")) goto out;
    client_id = tk_json_get(json, "0.client_id");
    profile = tk_json_get(json, "0.sso_profile_sid");
    flex_string_free(json);
    json = NULL;
    if (!client_id || !profile) goto out;
    snprintf(params, sizeof params,
             "{\"client_id\":\"%s\",\"sso_profile_sid\":\"%s\",\"redirect_url\":\"flexdemo://callback\"}",
             client_id, profile);
    if (failed(flex_get_login_details(options, params, &json), "login details")) goto out;
    url = tk_json_get(json, "login_url");
    nonce = tk_json_get(json, "nonce");
    verifier = tk_json_get(json, "code_verifier");
    state = tk_json_get(json, "state");
    flex_string_free(json);
    json = NULL;
    STEP("SSO profile %s: opening the login page", profile);
    location = url ? tk_follow_login(url, identity) : NULL;
    code = location ? tk_url_param(location, "code") : NULL;
    back = location ? tk_url_param(location, "state") : NULL;
    if (!code || !back || !state || strcmp(back, state) != 0) {
        fprintf(stderr, "the login page did not redirect back with a code and the state\n");
        goto out;
    }
    snprintf(params, sizeof params,
             "{\"code\":\"%s\",\"code_verifier\":\"%s\",\"nonce\":\"%s\",\"sso_profile_sid\":\"%s\"}", code,
             verifier, nonce, profile);
    if (failed(flex_exchange_token(options, params, &json), "exchange")) goto out;
    access = tk_json_get(json, "access_token");
    refresh = tk_json_get(json, "refresh_token");
    flex_string_free(json);
    if (access && refresh &&
        (failed(flex_client_options_set_auto_update_token(options, true), "auto update") ||
         failed(flex_client_options_set_refresh_token(options, refresh), "refresh token") ||
         failed(flex_client_options_set_sso_profile_sid(options, profile), "SSO profile"))) {
        free(access);
        access = NULL;
    }
    if (access) STEP("signed in as %s through SSO (the token renews itself)", identity);
out:
    free(account);
    free(identity);
    free(client_id);
    free(profile);
    free(url);
    free(nonce);
    free(verifier);
    free(state);
    free(location);
    free(code);
    free(back);
    free(refresh);
    return access;
}

/* Runs the agent: sign in, connect, go Available, handle a task, go Offline. */
static int run(tk_emulator *emu) {
    char *available = tk_world(emu, "activities.available"), *offline = tk_world(emu, "activities.offline");
    flex_client_options *options = flex_client_options_create();
    flex_client_options_set_endpoint_override(options, emu->base_url);
    flex_client_options_set_log_level(options, FLEX_LOG_LEVEL_WARN);
    char *token = sso_sign_in(emu, options);
    flex_client *client = NULL;
    tk_recorder rec;
    tk_recorder_init(&rec);
    flex_listener_handle *listener = NULL;
    char *worker = NULL, *name = NULL;
    int rc = !token || failed(flex_create_client(token, options, &client), "create client") ||
             failed(flex_client_add_listener(client, on_event, &rec, NULL, &listener), "add listener") ||
             failed(flex_client_get_worker(client, &worker), "get worker");
    if (!rc) {
        name = tk_json_get(worker, "name");
        STEP("connected as %s", name);
        rc = failed(flex_client_set_current_activity(client, available, false, NULL), "go available") ||
             (STEP("Available"), handle_task(client, emu, &rec)) ||
             failed(flex_client_set_current_activity(client, offline, false, NULL), "go offline");
    }
    if (!rc) STEP("Offline");
    flex_client_free(client); /* destroys; the listener sees client_destroyed */
    flex_listener_handle_free(listener);
    STEP("client destroyed");
    tk_recorder_destroy(&rec);
    flex_client_options_free(options);
    flex_string_free(worker);
    free(name);
    free(token);
    free(available);
    free(offline);
    return rc;
}

int main(int argc, char **argv) {
    tk_elapsed();
    tk_emulator emu;
    int attached = argc == 3 && strcmp(argv[1], "--url") == 0;
    if (!(attached ? tk_emulator_attach(&emu, argv[2]) : tk_emulator_start(&emu, NULL))) {
        fprintf(stderr, "usage: agent_demo [--url EMULATOR_URL]  (no emulator reachable)\n");
        return 2;
    }
    STEP("emulator at %s", emu.base_url);
    int rc = run(&emu);
    tk_emulator_stop(&emu);
    STEP("%s", rc ? "demo FAILED" : "demo done");
    return rc;
}
