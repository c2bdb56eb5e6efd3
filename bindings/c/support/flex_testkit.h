/*
 * Test kit for the C API's tests and the C demo (not part of the SDK):
 * spawn processes, run a flex-emulator, call its REST API through curl,
 * read fields of JSON documents, and record listener events.
 */
#ifndef FLEX_TESTKIT_H
#define FLEX_TESTKIT_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "flex_sdk.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- JSON ---------------------------------------------------------------- */

/* The value at a dotted path ("users.agent.token", "reservations.0.sid") of a
 * JSON document, malloc'd: strings unescaped, other values as raw JSON text.
 * NULL when the path is missing. */
char *tk_json_get(const char *json, const char *path);

/* ---- processes ----------------------------------------------------------- */

/* Runs argv[0] (PATH lookup) and returns its stdout (malloc'd), or NULL when
 * it could not run or exited with a non-zero status. */
char *tk_run(char *const argv[]);

/* ---- emulator ------------------------------------------------------------ */

typedef struct {
    pid_t pid;      /* 0 when the emulator was not started by us (--url) */
    char *world;    /* the world JSON */
    char *base_url; /* e.g. "http://127.0.0.1:41234" */
} tk_emulator;

/* Starts $FLEX_EMULATOR (default target/debug/flex-emulator) with
 * "--port 0" plus extra_args (NULL-terminated, may be NULL) and reads its world. */
bool tk_emulator_start(tk_emulator *emu, const char *const extra_args[]);
/* Attaches to a running emulator (GET {url}/_emulator/world). */
bool tk_emulator_attach(tk_emulator *emu, const char *url);
/* Stops the emulator if we started it and frees the fields. */
void tk_emulator_stop(tk_emulator *emu);
/* A world field (malloc'd), e.g. tk_world(emu, "activities.available"). */
char *tk_world(const tk_emulator *emu, const char *path);
/* Creates a task through the public TaskRouter REST API; returns its SID (malloc'd). */
char *tk_create_task(const tk_emulator *emu, const char *channel, const char *attributes_json);
/* Mints an access token for a user ("agent", "agent2", "supervisor") via the v4 Tokens API. */
char *tk_mint_token(const tk_emulator *emu, const char *user, int ttl_secs);
/* Closes every event-bridge socket (POST /_emulator/drop-sockets). */
bool tk_drop_sockets(const tk_emulator *emu);
/* Acts as a server restarted with new keys: every socket drops and every token
 * minted before is refused (POST /_emulator/rotate-signing-key). */
bool tk_rotate_signing_key(const tk_emulator *emu);
/* POSTs form fields ("Key=value", NULL-terminated list) to the public TaskRouter API at
 * /v1/Workspaces/{WS}/{path} (e.g. "Workers", "Tasks/WT…"); returns the response body
 * (malloc'd) or NULL on an error status. */
char *tk_taskrouter_post(const tk_emulator *emu, const char *path, const char *const form[]);
/* The next `count` SSO refreshes answer HTTP `status` (POST /_emulator/fail-refresh). */
bool tk_fail_refresh(const tk_emulator *emu, int count, int status);

/* ---- HTTP as a browser --------------------------------------------------- */

/* GET url; the body (malloc'd) or NULL on an error status. */
char *tk_http_get(const char *url);
/* Opens a login URL without following redirects, signing in as `identity` (the
 * emulator's identity provider reads `login_hint`), and reads the redirect's
 * Location header. Returns the Location (malloc'd) or NULL unless the answer was a 302. */
char *tk_follow_login(const char *login_url, const char *identity);
/* The URL-decoded value of query parameter `name` of `url` (malloc'd), or NULL. */
char *tk_url_param(const char *url, const char *name);

/* ---- event recorder ------------------------------------------------------ */

typedef struct tk_event {
    unsigned kind;
    char *json;
    struct tk_event *next;
} tk_event;

/* Records every event it receives; use tk_recorder_on_event as the callback
 * and the recorder as user_data. */
typedef struct {
    pthread_mutex_t lock;
    pthread_cond_t changed;
    tk_event *head, *tail;
    size_t count;
    pthread_t thread; /* the thread of the last callback */
} tk_recorder;

void tk_recorder_init(tk_recorder *rec);
void tk_recorder_destroy(tk_recorder *rec);
/* A flex_event_callback; user_data is the recorder. */
void tk_recorder_on_event(const flex_event *event, void *user_data);
/* Waits up to timeout_ms for the first event of this kind whose JSON contains
 * `needle` (NULL: any); returns a malloc'd copy of its JSON or NULL. */
char *tk_recorder_wait(tk_recorder *rec, unsigned kind, const char *needle, int timeout_ms);
/* How many events of this kind were recorded. */
size_t tk_recorder_count(tk_recorder *rec, unsigned kind);

/* Seconds since the first call (monotonic), for logs. */
double tk_elapsed(void);

#ifdef __cplusplus
}
#endif

#endif /* FLEX_TESTKIT_H */
