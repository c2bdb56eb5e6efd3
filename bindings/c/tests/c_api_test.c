/* C11 scenario test of the Flex SDK C API against a real flex-emulator. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "flex_sdk.h"
#include "flex_testkit.h"

#define WAIT_MS 20000

static int failures;

#define CHECK(cond)                                                                 \
    do {                                                                            \
        if (!(cond)) {                                                              \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
            failures++;                                                             \
        }                                                                           \
    } while (0)

#define CHECK_CODE(call, code)                                                       \
    do {                                                                             \
        flex_result rc_ = (call);                                                    \
        if (rc_ != (flex_result)(code)) {                                            \
            flex_error *e_ = flex_last_error();                                      \
            fprintf(stderr, "%s:%d: %s returned %u (%s), expected %u\n", __FILE__,   \
                    __LINE__, #call, rc_, e_ ? flex_error_message(e_) : "", (unsigned)(code)); \
            flex_error_free(e_);                                                     \
            failures++;                                                              \
        }                                                                            \
    } while (0)

#define CHECK_OK(call) CHECK_CODE(call, FLEX_OK)

/* Whether a JSON field equals a string; frees the looked-up value. */
static int json_is(const char *json, const char *path, const char *expected) {
    char *value = json ? tk_json_get(json, path) : NULL;
    int same = value && strcmp(value, expected) == 0;
    if (!same) fprintf(stderr, "  %s = %s, expected %s\n", path, value ? value : "(missing)", expected);
    free(value);
    return same;
}

/* Waits for a worker event whose worker is in this activity. */
static int worker_reaches(tk_recorder *rec, flex_event_kind kind, const char *activity_sid) {
    char needle[128];
    snprintf(needle, sizeof needle, "\"activity_sid\":\"%s\"", activity_sid);
    char *event = tk_recorder_wait(rec, kind, needle, WAIT_MS);
    int found = event != NULL;
    free(event);
    return found;
}

static void sleep_ms(long ms) {
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* A user_data whose destructor counts its calls. */
typedef struct {
    atomic_int events;
    atomic_int freed;
} counter;

static void count_event(const flex_event *event, void *user_data) {
    (void)event;
    atomic_fetch_add(&((counter *)user_data)->events, 1);
}

static void count_free(void *user_data) {
    atomic_fetch_add(&((counter *)user_data)->freed, 1);
}

static flex_client_options *options_for(const char *base_url) {
    flex_client_options *o = flex_client_options_create();
    CHECK(o != NULL);
    CHECK_OK(flex_client_options_set_endpoint_override(o, base_url));
    CHECK_OK(flex_client_options_set_connect_timeout_ms(o, 15000));
    CHECK_OK(flex_client_options_set_request_timeout_ms(o, 5000));
    CHECK_OK(flex_client_options_set_event_timeout_ms(o, 15000));
    CHECK_OK(flex_client_options_set_log_level(o, FLEX_LOG_LEVEL_WARN));
    CHECK_OK(flex_client_options_set_worker_offline_if_disconnected(o, true));
    CHECK_OK(flex_client_options_set_close_existing_sessions(o, false));
    return o;
}

static void test_errors_without_a_server(void) {
    flex_client *client = (flex_client *)&client; /* must be reset to NULL on failure */
    CHECK_CODE(flex_create_client("", NULL, &client), FLEX_CODE_INVALID_PARAMS);
    CHECK(client == NULL);
    flex_error *e = flex_last_error();
    CHECK(e != NULL && flex_error_code(e) == 48926);
    CHECK(e != NULL && strlen(flex_error_message(e)) > 0);
    CHECK(e != NULL && flex_error_severity(e) == FLEX_SEVERITY_ERROR);
    CHECK(e != NULL && flex_error_http_status(e) == 0 && flex_error_twilio_code(e) == 0);
    flex_error_free(e);
    CHECK_CODE(flex_create_client("   ", NULL, &client), FLEX_CODE_INVALID_PARAMS);
    CHECK_CODE(flex_create_client(NULL, NULL, &client), FLEX_CODE_INVALID_PARAMS);
    CHECK_CODE(flex_create_client("token", NULL, NULL), FLEX_CODE_INVALID_PARAMS);

    flex_client_options *o = options_for("http://127.0.0.1:1");
    CHECK_OK(flex_client_options_set_connect_timeout_ms(o, 5000));
    CHECK_OK(flex_client_options_set_request_timeout_ms(o, 1000));
    CHECK_CODE(flex_create_client("eyJhbGciOiJIUzI1NiJ9.e30.sig", o, &client), FLEX_CODE_NETWORK_ERROR);
    CHECK(client == NULL);
    CHECK_CODE(flex_client_options_set_log_level(o, 42), FLEX_CODE_INVALID_PARAMS);
    CHECK_CODE(flex_client_options_set_endpoint_override(NULL, "x"), FLEX_CODE_INVALID_PARAMS);
    CHECK_OK(flex_client_options_set_region(o, NULL));
    CHECK(flex_last_error() == NULL);
    flex_client_options_free(o);
    flex_client_options_free(NULL);

    CHECK(strcmp(flex_code_name(48926), "InvalidParams") == 0);
    CHECK(strcmp(flex_code_description(48924), "Network error") == 0);
    CHECK(strcmp(flex_code_name(FLEX_OK), "Ok") == 0);
    CHECK(flex_code_name(1) == NULL && flex_code_description(1) == NULL);
    CHECK(strcmp(flex_event_kind_name(FLEX_EVENT_RESERVATION_CREATED), "reservation_created") == 0);
    CHECK(flex_event_kind_name(0) == NULL);
    CHECK_OK(flex_set_log_level(FLEX_LOG_LEVEL_ERROR));
    CHECK_CODE(flex_set_log_level(99), FLEX_CODE_INVALID_PARAMS);
    flex_string_free(NULL);
    flex_error_free(NULL);
    flex_client_destroy(NULL);
    flex_client_free(NULL);
}

/* Creates a task, waits for its reservation; returns the task SID. */
static char *offered_task_on(const tk_emulator *emu, tk_recorder *rec, const char *channel, const char *attributes) {
    char *task = tk_create_task(emu, channel, attributes);
    CHECK(task != NULL);
    if (!task) return NULL;
    char *reservation = tk_recorder_wait(rec, FLEX_EVENT_RESERVATION_CREATED, task, WAIT_MS);
    CHECK(reservation != NULL);
    CHECK(json_is(reservation, "status", "pending"));
    CHECK(json_is(reservation, "task.sid", task));
    free(reservation);
    return task;
}

static char *offered_task(const tk_emulator *emu, tk_recorder *rec, const char *attributes) {
    return offered_task_on(emu, rec, "voice", attributes);
}

/* How many elements a JSON array has. */
static int json_length(const char *json) {
    int n = 0;
    for (char index[16];; n++) {
        snprintf(index, sizeof index, "%d", n);
        char *element = json ? tk_json_get(json, index) : NULL;
        if (!element) return n;
        free(element);
    }
}

static void test_worker(const tk_emulator *emu, flex_client *client, tk_recorder *rec) {
    char *json = NULL, *expected = tk_world(emu, "users.agent.worker_sid");
    CHECK_OK(flex_client_get_worker(client, &json));
    CHECK(json_is(json, "sid", expected));
    flex_string_free(json);
    free(expected);

    expected = tk_world(emu, "users.agent.identity");
    CHECK_OK(flex_client_token_info(client, &json));
    CHECK(json_is(json, "identity", expected));
    CHECK(json_is(json, "roles.0", "agent"));
    flex_string_free(json);
    free(expected);

    flex_connection_state state = 99;
    CHECK_OK(flex_client_connection_state(client, &state));
    CHECK(state == FLEX_CONNECTION_CONNECTED);

    char *available = tk_world(emu, "activities.available");
    CHECK_OK(flex_client_set_current_activity(client, available, false, &json));
    CHECK(json_is(json, "activity_sid", available));
    CHECK(json_is(json, "available", "true"));
    flex_string_free(json);
    CHECK(worker_reaches(rec, FLEX_EVENT_WORKER_ACTIVITY_UPDATED, available));
    pthread_mutex_lock(&rec->lock);
    CHECK(!pthread_equal(rec->thread, pthread_self())); /* the dispatcher thread */
    pthread_mutex_unlock(&rec->lock);
    free(available);

    CHECK_CODE(flex_client_set_current_activity(client, "WA00000000000000000000000000000000", false, NULL),
               FLEX_CODE_INVALID_PARAMS);
    CHECK_CODE(flex_client_set_current_activity(client, NULL, false, NULL), FLEX_CODE_INVALID_PARAMS);

    CHECK_OK(flex_client_set_attributes(client, "{\"skills\":[\"en\"],\"level\":1}", false, NULL));
    CHECK_OK(flex_client_set_attributes(client, "{\"level\":2,\"team\":\"blue\"}", true, &json));
    CHECK(json_is(json, "attributes.skills.0", "en"));
    CHECK(json_is(json, "attributes.level", "2"));
    CHECK(json_is(json, "attributes.team", "blue"));
    flex_string_free(json);
    char *event = tk_recorder_wait(rec, FLEX_EVENT_WORKER_ATTRIBUTES_UPDATED, "blue", WAIT_MS);
    CHECK(event != NULL);
    free(event);
    CHECK_CODE(flex_client_set_attributes(client, "{not json", true, NULL), FLEX_CODE_INVALID_PARAMS);
    CHECK_CODE(flex_client_set_attributes(client, "[1,2]", false, NULL), FLEX_CODE_INVALID_PARAMS);
}

static void test_task_lifecycle(const tk_emulator *emu, flex_client *client, tk_recorder *rec) {
    char *task = offered_task(emu, rec, "{\"from\":\"c-test\"}");
    if (!task) return;
    char *json = NULL;
    CHECK_OK(flex_client_accept_task(client, task, &json));
    CHECK(json_is(json, "status", "accepted"));
    CHECK(json_is(json, "task.attributes.from", "c-test"));
    flex_string_free(json);
    CHECK_OK(flex_client_wrap_up_task(client, task, &json));
    CHECK(json_is(json, "status", "wrapping"));
    flex_string_free(json);
    CHECK_OK(flex_client_complete_task(client, task, NULL, NULL));
    char *event = tk_recorder_wait(rec, FLEX_EVENT_RESERVATION_COMPLETED, task, WAIT_MS);
    CHECK(event != NULL);
    free(event);
    CHECK_CODE(flex_client_accept_task(client, task, NULL), FLEX_CODE_TASK_RESERVATION_NOT_FOUND);
    free(task);
}

/* end_task, complete_task with a reason, set_task_attributes, participants, fetch_task. */
static void test_task_actions(const tk_emulator *emu, flex_client *client, tk_recorder *rec) {
    char *task = offered_task_on(emu, rec, "chat", "{\"customer\":{\"name\":\"Ada\"},\"keep\":1}");
    if (!task) return;
    char *json = NULL;
    CHECK_CODE(flex_client_end_task(client, task, NULL), FLEX_CODE_TASK_RESERVATION_NOT_FOUND); /* pending */
    CHECK_OK(flex_client_set_task_attributes(client, task, "{\"customer\":{\"tier\":\"gold\"}}", true, &json));
    CHECK(json_is(json, "attributes.customer.name", "Ada"));
    CHECK(json_is(json, "attributes.customer.tier", "gold"));
    CHECK(json_is(json, "attributes.keep", "1"));
    flex_string_free(json);
    CHECK_CODE(flex_client_set_task_attributes(client, task, "{\"a\":", true, NULL), FLEX_CODE_INVALID_PARAMS);
    CHECK_CODE(flex_client_set_task_attributes(client, task, "42", false, NULL), FLEX_CODE_INVALID_PARAMS);

    CHECK_OK(flex_client_accept_task(client, task, NULL));
    CHECK_OK(flex_client_get_task_participants(client, task, &json));
    CHECK(json_length(json) == 2);
    CHECK(json_is(json, "0.type", "customer"));
    CHECK(json_is(json, "1.type", "agent"));
    CHECK(json_is(json, "1.routing_properties.task_sid", task));
    flex_string_free(json);
    CHECK_OK(flex_client_end_task(client, task, &json));
    CHECK(json_is(json, "status", "wrapping"));
    flex_string_free(json);
    CHECK_OK(flex_client_end_task(client, task, &json));
    CHECK(json_is(json, "status", "completed"));
    flex_string_free(json);
    free(task);

    task = offered_task_on(emu, rec, "chat", "{}");
    if (!task) return;
    CHECK_OK(flex_client_accept_task(client, task, NULL));
    CHECK_OK(flex_client_complete_task(client, task, "resolved", NULL));
    CHECK_OK(flex_client_fetch_task(client, task, &json));
    CHECK(json_is(json, "status", "completed"));
    CHECK(json_is(json, "reason", "resolved"));
    flex_string_free(json);
    CHECK_CODE(flex_client_get_task_participants(client, "WTunknown", &json), FLEX_CODE_TASK_RESERVATION_NOT_FOUND);
    free(task);
}

/* Workspace reads, and supervisor actions refused for an agent token. */
static void test_workspace_and_supervisor(const tk_emulator *emu, flex_client *client) {
    char *json = NULL, *bob = tk_world(emu, "users.agent2.worker_sid"), *offline = tk_world(emu, "activities.offline");
    CHECK_OK(flex_client_fetch_workers_info(client, "{\"page_size\":1}", &json));
    CHECK(json_length(json) == 3);
    flex_string_free(json);
    CHECK_OK(flex_client_fetch_workers_info(client, "{\"friendly_name\":\"bob\"}", &json));
    CHECK(json_length(json) == 1 && json_is(json, "0.sid", bob));
    flex_string_free(json);
    CHECK_OK(flex_client_fetch_task_queues(client, NULL, &json));
    CHECK(json_length(json) == 2);
    flex_string_free(json);
    CHECK_CODE(flex_client_fetch_task_queues(client, "{\"page_size\":0}", &json), FLEX_CODE_INVALID_PARAMS);
    CHECK_CODE(flex_client_set_worker_activity(client, bob, offline, false, NULL), FLEX_CODE_ACCESS_DENIED_ERROR);
    CHECK_CODE(flex_client_set_worker_attributes(client, bob, "{}", true, NULL), FLEX_CODE_ACCESS_DENIED_ERROR);
    free(bob);
    free(offline);
}

static void test_reject(const tk_emulator *emu, flex_client *client, tk_recorder *rec) {
    char *task = offered_task(emu, rec, "{\"from\":\"reject\"}");
    if (!task) return;
    char *offline = tk_world(emu, "activities.offline"), *json = NULL;
    CHECK_OK(flex_client_reject_task(client, task, offline, &json));
    CHECK(json_is(json, "status", "rejected"));
    flex_string_free(json);
    CHECK(worker_reaches(rec, FLEX_EVENT_WORKER_ACTIVITY_UPDATED, offline));
    CHECK_OK(flex_client_get_worker(client, &json));
    CHECK(json_is(json, "activity_sid", offline));
    flex_string_free(json);
    free(offline);
    free(task);
}

static void test_token_update(const tk_emulator *emu, flex_client *client, tk_recorder *rec) {
    char *token = tk_mint_token(emu, "agent", 3600);
    CHECK(token != NULL);
    CHECK_OK(flex_client_update_token(client, token, NULL));
    char *event = tk_recorder_wait(rec, FLEX_EVENT_TOKEN_UPDATED, NULL, WAIT_MS);
    CHECK(event != NULL);
    free(event);
    free(token);
    CHECK_CODE(flex_client_update_token(client, " ", NULL), FLEX_CODE_INVALID_PARAMS);
}

/* 10 MB arguments make the server close the connection while the SDK still
 * writes; the write fails (EPIPE) and this process, which does not ignore
 * SIGPIPE, lives on and gets an error code. */
static void test_huge_arguments_do_not_raise_sigpipe(const tk_emulator *emu, flex_client *client) {
    const size_t size = 10u << 20;
    char *huge = malloc(size + 16);
    CHECK(huge != NULL);
    if (!huge) return;
    memset(huge, 'a', size);
    huge[size] = '\0';
    flex_client_options *options = options_for(emu->base_url);
    flex_client *other = NULL;
    CHECK(flex_create_client(huge, options, &other) != FLEX_OK);
    CHECK(other == NULL);
    flex_client_options_free(options);
    CHECK(flex_client_accept_task(client, huge, NULL) != FLEX_OK);
    memcpy(huge, "{\"k\":\"", 6);
    memcpy(huge + size - 2, "\"}", 3);
    CHECK(flex_client_set_attributes(client, huge, true, NULL) != FLEX_OK);
    free(huge);
}

static void test_listener_removal(flex_client *client, counter *removed) {
    flex_listener_handle *handle = NULL;
    CHECK_OK(flex_client_add_listener(client, count_event, removed, count_free, &handle));
    flex_listener_handle *rejected = (flex_listener_handle *)&rejected;
    CHECK_CODE(flex_client_add_listener(client, NULL, removed, count_free, &rejected), FLEX_CODE_INVALID_PARAMS);
    CHECK(rejected == NULL);
    flex_listener_handle_remove(handle);
    for (int i = 0; i < 200 && atomic_load(&removed->freed) == 0; i++) sleep_ms(10);
    CHECK(atomic_load(&removed->freed) == 1);
    flex_listener_handle_remove(handle);
    flex_listener_handle_free(handle);
    CHECK(atomic_load(&removed->freed) == 1);
}

static void test_destroy(flex_client *client, tk_recorder *rec, counter *kept) {
    flex_client_destroy(client);
    CHECK(atomic_load(&kept->freed) == 1); /* destroy waits for the listeners */
    CHECK(tk_recorder_count(rec, FLEX_EVENT_CLIENT_DESTROYED) == 1);
    flex_client_destroy(client);
    CHECK(atomic_load(&kept->freed) == 1);

    char *json = NULL;
    CHECK_CODE(flex_client_get_worker(client, &json), FLEX_CODE_INVALID_STATE);
    CHECK(json == NULL);
    CHECK_CODE(flex_client_set_current_activity(client, "WA1", false, NULL), FLEX_CODE_INVALID_STATE);
    CHECK_CODE(flex_client_accept_task(client, "WT1", NULL), FLEX_CODE_INVALID_STATE);
    flex_listener_handle *handle = NULL;
    CHECK_CODE(flex_client_add_listener(client, count_event, kept, count_free, &handle), FLEX_CODE_INVALID_STATE);
    CHECK(handle == NULL);
    CHECK_CODE(flex_client_token_info(client, &json), FLEX_CODE_INVALID_STATE);
    CHECK_CODE(flex_client_token(client, &json), FLEX_CODE_INVALID_STATE);
    CHECK(json == NULL);
    flex_connection_state state = 0;
    CHECK_OK(flex_client_connection_state(client, &state));
    CHECK(state == FLEX_CONNECTION_DISCONNECTED);
}

/* A log callback that counts records and any that contains the secret. */
typedef struct {
    pthread_mutex_t lock;
    int records, leaks, freed;
    char secret[2048];
} log_sink;

static void on_log(const flex_log_record *record, void *user_data) {
    log_sink *sink = user_data;
    pthread_mutex_lock(&sink->lock);
    sink->records++;
    if (sink->secret[0] && (strstr(record->message, sink->secret) || strstr(record->fields_json, sink->secret)))
        sink->leaks++;
    if (strstr(record->message, "eyJ") || strstr(record->fields_json, "eyJ")) sink->leaks++;
    pthread_mutex_unlock(&sink->lock);
}

static void free_log_sink(void *user_data) {
    log_sink *sink = user_data;
    pthread_mutex_lock(&sink->lock);
    sink->freed++;
    pthread_mutex_unlock(&sink->lock);
}

/* The whole SSO sign-in, a renewing client, and the log records it produced. */
static void test_sso(const tk_emulator *emu) {
    static log_sink sink = {PTHREAD_MUTEX_INITIALIZER, 0, 0, 0, ""};
    CHECK_OK(flex_set_log_level(FLEX_LOG_LEVEL_DEBUG));
    CHECK_OK(flex_set_log_listener(on_log, &sink, free_log_sink));

    flex_client_options *service = options_for(emu->base_url);
    char *account = tk_world(emu, "account_sid"), *profile = tk_world(emu, "sso_profile_sid"), *json = NULL;
    char params[1024];
    snprintf(params, sizeof params, "{\"account_sid\":\"%s\"}", account);
    CHECK_OK(flex_get_authentication_config(service, params, &json));
    char *client_id = json ? tk_json_get(json, "0.client_id") : NULL;
    CHECK(json_is(json, "0.sso_profile_sid", profile));
    flex_string_free(json);
    snprintf(params, sizeof params,
             "{\"client_id\":\"%s\",\"sso_profile_sid\":\"%s\",\"redirect_url\":\"flexapp://callback\"}",
             client_id ? client_id : "", profile);
    json = NULL;
    CHECK_OK(flex_get_login_details(service, params, &json));
    char *url = json ? tk_json_get(json, "login_url") : NULL, *nonce = json ? tk_json_get(json, "nonce") : NULL;
    char *verifier = json ? tk_json_get(json, "code_verifier") : NULL, *state = json ? tk_json_get(json, "state") : NULL;
    flex_string_free(json);
    char *location = url ? tk_follow_login(url, "alice") : NULL;
    CHECK(location != NULL && strncmp(location, "flexapp://callback?", 19) == 0);
    char *code = location ? tk_url_param(location, "code") : NULL, *back = location ? tk_url_param(location, "state") : NULL;
    CHECK(code != NULL && back != NULL && state != NULL && strcmp(back, state) == 0);
    if (!code || !nonce || !verifier) goto done;

    /* A wrong verifier is refused; the right one gets the tokens. */
    snprintf(params, sizeof params,
             "{\"code\":\"%s\",\"code_verifier\":\"%064d\",\"nonce\":\"%s\",\"sso_profile_sid\":\"%s\"}",
             code, 7, nonce, profile);
    json = NULL;
    CHECK(flex_exchange_token(service, params, &json) != FLEX_OK);
    CHECK(json == NULL);
    flex_error *e = flex_last_error();
    CHECK(e != NULL && flex_error_http_status(e) == 400 && strstr(flex_error_message(e), "code_verifier"));
    flex_error_free(e);
    snprintf(params, sizeof params,
             "{\"code\":\"%s\",\"code_verifier\":\"%s\",\"nonce\":\"%s\",\"sso_profile_sid\":\"%s\"}",
             code, verifier, nonce, profile);
    CHECK_OK(flex_exchange_token(service, params, &json));
    char *access = json ? tk_json_get(json, "access_token") : NULL, *refresh = json ? tk_json_get(json, "refresh_token") : NULL;
    flex_string_free(json);
    CHECK(access != NULL && refresh != NULL);
    if (access && strlen(access) < sizeof sink.secret) {
        pthread_mutex_lock(&sink.lock);
        strcpy(sink.secret, access);
        pthread_mutex_unlock(&sink.lock);
    }
    json = NULL;
    CHECK_OK(flex_validate_token(service, account, access ? access : "x", &json));
    CHECK(json_is(json, "identity", "alice"));
    CHECK(json_is(json, "valid", "true"));
    flex_string_free(json);

    flex_client_options *o = options_for(emu->base_url);
    CHECK_OK(flex_client_options_set_log_level(o, FLEX_LOG_LEVEL_DEBUG)); /* a client's level is global */
    CHECK_OK(flex_client_options_set_auto_update_token(o, true));
    CHECK_OK(flex_client_options_set_refresh_token(o, refresh));
    CHECK_OK(flex_client_options_set_sso_profile_sid(o, profile));
    CHECK_OK(flex_client_options_set_refresh_margin_ms(o, 60000));
    CHECK_OK(flex_client_options_set_token_check_interval_ms(o, 15000));
    flex_client *client = NULL;
    CHECK_OK(flex_create_client(access ? access : "x", o, &client));
    flex_client_options_free(o);
    if (client) {
        char *worker = tk_world(emu, "users.agent.worker_sid");
        CHECK_OK(flex_client_get_worker(client, &json));
        CHECK(json_is(json, "sid", worker));
        flex_string_free(json);
        free(worker);
        flex_client_free(client);
    }
    free(access);
    free(refresh);
done:
    CHECK_OK(flex_set_log_listener(NULL, NULL, NULL));
    CHECK_OK(flex_set_log_level(FLEX_LOG_LEVEL_WARN));
    for (int i = 0; i < 200; i++) {
        pthread_mutex_lock(&sink.lock);
        int freed = sink.freed;
        pthread_mutex_unlock(&sink.lock);
        if (freed) break;
        sleep_ms(10);
    }
    pthread_mutex_lock(&sink.lock);
    CHECK(sink.records > 0);
    CHECK(sink.leaks == 0);
    CHECK(sink.freed == 1);
    pthread_mutex_unlock(&sink.lock);
    flex_client_options_free(service);
    free(account);
    free(profile);
    free(client_id);
    free(url);
    free(nonce);
    free(verifier);
    free(state);
    free(location);
    free(code);
    free(back);
}

/* Public and account configuration: reads, a rejected key, an accepted update. */
static void test_configuration(const tk_emulator *emu) {
    flex_client_options *service = options_for(emu->base_url);
    char *account = tk_world(emu, "account_sid"), *domain = tk_world(emu, "runtime_domain");
    char *token = tk_world(emu, "users.supervisor.token"), *json = NULL;
    CHECK_OK(flex_get_public_config(service, account, NULL, &json));
    CHECK(json_is(json, "runtime_domain", domain));
    flex_string_free(json);
    CHECK_OK(flex_get_public_config(service, NULL, domain, &json));
    CHECK(json_is(json, "account_sid", account));
    flex_string_free(json);
    CHECK_OK(flex_get_account_config(service, token, NULL, &json));
    CHECK(json_is(json, "account_sid", account));
    flex_string_free(json);
    CHECK_CODE(flex_set_account_config(service, account, token, "{\"notAKey\":1}", &json), FLEX_CODE_INVALID_PARAMS);
    flex_error *e = flex_last_error();
    CHECK(e != NULL && strstr(flex_error_message(e), "notAKey") != NULL);
    flex_error_free(e);
    CHECK_OK(flex_set_account_config(service, account, token, "{\"ui_language\":\"de\"}", &json));
    CHECK(json_is(json, "ui_language", "de"));
    flex_string_free(json);
    CHECK_OK(flex_get_features_config(service, token, NULL, &json));
    CHECK(json_length(json ? strstr(json, "[") : NULL) > 0);
    flex_string_free(json);
    flex_client_options_free(service);
    free(account);
    free(domain);
    free(token);
}

int main(void) {
    test_errors_without_a_server();

    tk_emulator emu;
    if (!tk_emulator_start(&emu, NULL)) {
        fprintf(stderr, "cannot start the emulator (set FLEX_EMULATOR)\n");
        return 1;
    }
    char *token = tk_world(&emu, "users.agent.token");
    flex_client_options *options = options_for(emu.base_url);
    flex_client *client = NULL;
    CHECK_OK(flex_create_client(token, options, &client));
    flex_client_options_free(options);
    free(token);
    if (client) {
        tk_recorder rec;
        tk_recorder_init(&rec);
        counter removed = {0, 0}, kept = {0, 0};
        flex_listener_handle *recorder_handle = NULL, *kept_handle = NULL;
        CHECK_OK(flex_client_add_listener(client, tk_recorder_on_event, &rec, NULL, &recorder_handle));
        CHECK_OK(flex_client_add_listener(client, count_event, &kept, count_free, &kept_handle));

        test_worker(&emu, client, &rec);
        test_task_lifecycle(&emu, client, &rec);
        test_task_actions(&emu, client, &rec);
        test_workspace_and_supervisor(&emu, client);
        test_token_update(&emu, client, &rec);
        test_huge_arguments_do_not_raise_sigpipe(&emu, client);
        test_listener_removal(client, &removed);
        test_reject(&emu, client, &rec);
        test_destroy(client, &rec, &kept);
        CHECK(atomic_load(&kept.events) > 0);

        flex_client_free(client);
        flex_listener_handle_free(kept_handle); /* valid after the client is gone */
        flex_listener_handle_free(recorder_handle);
        CHECK(atomic_load(&kept.freed) == 1);
        tk_recorder_destroy(&rec);
    }
    test_sso(&emu);
    test_configuration(&emu);
    tk_emulator_stop(&emu);
    printf("c_api_test: %s (%d failure%s)\n", failures ? "FAILED" : "passed", failures, failures == 1 ? "" : "s");
    return failures ? 1 : 0;
}
