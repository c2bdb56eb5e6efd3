/* tk_recorder: records listener events for tests and the demo. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "flex_testkit.h"

void tk_recorder_init(tk_recorder *rec) {
    memset(rec, 0, sizeof *rec);
    pthread_mutex_init(&rec->lock, NULL);
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&rec->changed, &attr);
    pthread_condattr_destroy(&attr);
}

void tk_recorder_destroy(tk_recorder *rec) {
    for (tk_event *e = rec->head, *next; e; e = next) {
        next = e->next;
        free(e->json);
        free(e);
    }
    pthread_cond_destroy(&rec->changed);
    pthread_mutex_destroy(&rec->lock);
}

void tk_recorder_on_event(const flex_event *event, void *user_data) {
    tk_recorder *rec = user_data;
    tk_event *e = calloc(1, sizeof *e);
    e->kind = event->kind;
    e->json = strdup(event->json);
    pthread_mutex_lock(&rec->lock);
    if (rec->tail) rec->tail->next = e;
    else rec->head = e;
    rec->tail = e;
    rec->count++;
    rec->thread = pthread_self();
    pthread_cond_broadcast(&rec->changed);
    pthread_mutex_unlock(&rec->lock);
}

static const tk_event *find(const tk_recorder *rec, unsigned kind, const char *needle) {
    for (const tk_event *e = rec->head; e; e = e->next)
        if (e->kind == kind && (!needle || strstr(e->json, needle))) return e;
    return NULL;
}

char *tk_recorder_wait(tk_recorder *rec, unsigned kind, const char *needle, int timeout_ms) {
    struct timespec deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    deadline.tv_sec += timeout_ms / 1000;
    deadline.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
    if (deadline.tv_nsec >= 1000000000L) {
        deadline.tv_sec++;
        deadline.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&rec->lock);
    const tk_event *e;
    while (!(e = find(rec, kind, needle)) && pthread_cond_timedwait(&rec->changed, &rec->lock, &deadline) == 0) {
    }
    if (!e) e = find(rec, kind, needle);
    char *json = e ? strdup(e->json) : NULL;
    pthread_mutex_unlock(&rec->lock);
    return json;
}

size_t tk_recorder_count(tk_recorder *rec, unsigned kind) {
    size_t n = 0;
    pthread_mutex_lock(&rec->lock);
    for (const tk_event *e = rec->head; e; e = e->next) n += e->kind == kind;
    pthread_mutex_unlock(&rec->lock);
    return n;
}

double tk_elapsed(void) {
    static struct timespec start;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (start.tv_sec == 0 && start.tv_nsec == 0) start = now;
    return (double)(now.tv_sec - start.tv_sec) + (double)(now.tv_nsec - start.tv_nsec) / 1e9;
}
