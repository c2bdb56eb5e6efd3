/* Processes, the emulator and its REST API (through curl). */
#define _GNU_SOURCE
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

#include "flex_testkit.h"

extern char **environ;

/* Spawns argv with stdout into a pipe; returns the read end or -1. */
static int spawn_reader(char *const argv[], pid_t *pid) {
    int fds[2];
    if (pipe(fds) != 0) return -1;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    posix_spawn_file_actions_addclose(&actions, fds[1]);
    int rc = posix_spawnp(pid, argv[0], &actions, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    if (rc != 0) {
        close(fds[0]);
        return -1;
    }
    return fds[0];
}

/* Reads from fd until EOF, or until the first newline when `line`. */
static char *read_all(int fd, bool line) {
    size_t len = 0, cap = 4096;
    char *buf = malloc(cap);
    char c;
    while (buf && read(fd, &c, 1) == 1) {
        if (line && c == '\n') break;
        if (len + 2 > cap) {
            char *bigger = realloc(buf, cap *= 2);
            if (!bigger) {
                free(buf);
                return NULL;
            }
            buf = bigger;
        }
        buf[len++] = c;
    }
    if (buf) buf[len] = '\0';
    return buf;
}

char *tk_run(char *const argv[]) {
    pid_t pid;
    int fd = spawn_reader(argv, &pid);
    if (fd < 0) return NULL;
    char *out = read_all(fd, false);
    close(fd);
    int status = 0;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        free(out);
        return NULL;
    }
    return out;
}

static bool load_world(tk_emulator *emu) {
    emu->base_url = emu->world ? tk_json_get(emu->world, "base_url") : NULL;
    return emu->base_url != NULL;
}

bool tk_emulator_start(tk_emulator *emu, const char *const extra_args[]) {
    const char *exe = getenv("FLEX_EMULATOR");
    char *argv[32] = {(char *)(exe ? exe : "target/debug/flex-emulator"), "--port", "0"};
    int n = 3;
    for (; extra_args && *extra_args && n < 31; extra_args++) argv[n++] = (char *)*extra_args;
    argv[n] = NULL;
    setenv("RUST_LOG", "flex_emulator=warn", 0);
    memset(emu, 0, sizeof *emu);
    int fd = spawn_reader(argv, &emu->pid);
    if (fd < 0) return false;
    emu->world = read_all(fd, true);
    close(fd);
    if (load_world(emu)) return true;
    tk_emulator_stop(emu);
    return false;
}

bool tk_emulator_attach(tk_emulator *emu, const char *url) {
    memset(emu, 0, sizeof *emu);
    char address[512];
    snprintf(address, sizeof address, "%s/_emulator/world", url);
    char *argv[] = {"curl", "-sSf", address, NULL};
    emu->world = tk_run(argv);
    return load_world(emu);
}

void tk_emulator_stop(tk_emulator *emu) {
    if (emu->pid > 0) {
        kill(emu->pid, SIGTERM);
        waitpid(emu->pid, NULL, 0);
    }
    free(emu->world);
    free(emu->base_url);
    memset(emu, 0, sizeof *emu);
}

char *tk_world(const tk_emulator *emu, const char *path) {
    return tk_json_get(emu->world, path);
}

/* "user:password" of the account, malloc'd. */
static char *account_auth(const tk_emulator *emu) {
    char *ac = tk_world(emu, "account_sid"), *secret = tk_world(emu, "auth_token");
    char *auth = malloc(strlen(ac) + strlen(secret) + 2);
    sprintf(auth, "%s:%s", ac, secret);
    free(ac);
    free(secret);
    return auth;
}

char *tk_create_task(const tk_emulator *emu, const char *channel, const char *attributes_json) {
    char *auth = account_auth(emu), *ws = tk_world(emu, "workspace_sid"), *wf = tk_world(emu, "workflow_sid");
    char url[512], workflow[128], task_channel[128], *attributes = malloc(strlen(attributes_json) + 16);
    snprintf(url, sizeof url, "%s/v1/Workspaces/%s/Tasks", emu->base_url, ws);
    snprintf(workflow, sizeof workflow, "WorkflowSid=%s", wf);
    snprintf(task_channel, sizeof task_channel, "TaskChannel=%s", channel);
    sprintf(attributes, "Attributes=%s", attributes_json);
    char *argv[] = {"curl", "-sSf", "-u", auth, url, "--data-urlencode", workflow, "--data-urlencode",
                    task_channel, "--data-urlencode", attributes, NULL};
    char *body = tk_run(argv);
    char *sid = body ? tk_json_get(body, "sid") : NULL;
    free(body);
    free(attributes);
    free(auth);
    free(ws);
    free(wf);
    return sid;
}

char *tk_mint_token(const tk_emulator *emu, const char *user, int ttl_secs) {
    char path[64], url[512], body[64];
    snprintf(path, sizeof path, "users.%s.flex_user_sid", user);
    char *auth = account_auth(emu), *go = tk_world(emu, "flex_instance_sid"), *fu = tk_world(emu, path);
    snprintf(url, sizeof url, "%s/v4/Instances/%s/Users/%s/Tokens", emu->base_url, go, fu);
    snprintf(body, sizeof body, "{\"ttl\":%d}", ttl_secs);
    char *argv[] = {"curl", "-sSf", "-u", auth, "-H", "Content-Type: application/json", "-d", body, url, NULL};
    char *response = tk_run(argv);
    char *token = response ? tk_json_get(response, "access_token") : NULL;
    free(response);
    free(auth);
    free(go);
    free(fu);
    return token;
}

/* POSTs nothing to a test hook (`/_emulator/<hook>`); true on a 2xx. */
static bool post_hook(const tk_emulator *emu, const char *hook) {
    char url[512];
    snprintf(url, sizeof url, "%s/_emulator/%s", emu->base_url, hook);
    char *argv[] = {"curl", "-sSf", "-X", "POST", url, NULL};
    char *out = tk_run(argv);
    free(out);
    return out != NULL;
}

bool tk_drop_sockets(const tk_emulator *emu) { return post_hook(emu, "drop-sockets"); }

bool tk_rotate_signing_key(const tk_emulator *emu) { return post_hook(emu, "rotate-signing-key"); }

char *tk_taskrouter_post(const tk_emulator *emu, const char *path, const char *const form[]) {
    char *auth = account_auth(emu), *ws = tk_world(emu, "workspace_sid");
    char url[512];
    snprintf(url, sizeof url, "%s/v1/Workspaces/%s/%s", emu->base_url, ws, path);
    char *argv[64] = {"curl", "-sSf", "-u", auth, url};
    int n = 5;
    for (; form && *form && n < 61; form++) {
        argv[n++] = "--data-urlencode";
        argv[n++] = (char *)*form;
    }
    argv[n] = NULL;
    char *body = tk_run(argv);
    free(auth);
    free(ws);
    return body;
}

bool tk_fail_refresh(const tk_emulator *emu, int count, int status) {
    char url[512], body[64];
    snprintf(url, sizeof url, "%s/_emulator/fail-refresh", emu->base_url);
    snprintf(body, sizeof body, "{\"count\":%d,\"status\":%d}", count, status);
    char *argv[] = {"curl", "-sSf", "-H", "Content-Type: application/json", "-d", body, url, NULL};
    char *out = tk_run(argv);
    free(out);
    return out != NULL;
}

char *tk_http_get(const char *url) {
    char *argv[] = {"curl", "-sSf", (char *)url, NULL};
    return tk_run(argv);
}

char *tk_follow_login(const char *login_url, const char *identity) {
    char *url = malloc(strlen(login_url) + strlen(identity) + 16);
    sprintf(url, "%s%clogin_hint=%s", login_url, strchr(login_url, '?') ? '&' : '?', identity);
    /* No -L: print the response headers, as a browser would see them. */
    char *argv[] = {"curl", "-sS", "-o", "/dev/null", "-D", "-", url, NULL};
    char *headers = tk_run(argv);
    free(url);
    if (!headers) return NULL;
    char *location = NULL;
    int status = 0;
    bool found = sscanf(headers, "HTTP/%*s %d", &status) == 1 && status == 302;
    for (char *line = headers; found && line && *line;) {
        char *end = strstr(line, "\r\n");
        if (end) *end = '\0';
        if (strncasecmp(line, "location:", 9) == 0) {
            const char *v = line + 9;
            while (*v == ' ') v++;
            location = strdup(v);
            break;
        }
        line = end ? end + 2 : NULL;
    }
    free(headers);
    return location;
}

static int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

char *tk_url_param(const char *url, const char *name) {
    const char *q = strchr(url, '?');
    size_t n = strlen(name);
    for (const char *p = q ? q + 1 : NULL; p && *p;) {
        const char *end = p + strcspn(p, "&#");
        if ((size_t)(end - p) > n && strncmp(p, name, n) == 0 && p[n] == '=') {
            char *out = malloc((size_t)(end - p)), *o = out;
            for (const char *c = p + n + 1; c < end; c++) {
                if (*c == '+') {
                    *o++ = ' ';
                } else if (*c == '%' && c + 2 < end && hex_digit(c[1]) >= 0 && hex_digit(c[2]) >= 0) {
                    *o++ = (char)(hex_digit(c[1]) * 16 + hex_digit(c[2]));
                    c += 2;
                } else {
                    *o++ = *c;
                }
            }
            *o = '\0';
            return out;
        }
        p = *end == '&' ? end + 1 : NULL;
    }
    return NULL;
}
