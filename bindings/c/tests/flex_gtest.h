// Shared GoogleTest helpers of the C API suites: RAII owners for the SDK's
// handles and strings, C++ callables as listeners, a client with its own event
// recorder, and a fixture that runs a fresh flex-emulator per test.
#ifndef FLEX_GTEST_H
#define FLEX_GTEST_H

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "flex_sdk.h"
#include "flex_testkit.h"

namespace flex_test {

constexpr int kWaitMs = 30000;

struct FreeString {
    void operator()(char *s) const { flex_string_free(s); }
};
struct FreeMalloc {
    void operator()(char *s) const { std::free(s); }
};
struct FreeClient {
    void operator()(flex_client *c) const { flex_client_free(c); }
};
struct FreeHandle {
    void operator()(flex_listener_handle *h) const { flex_listener_handle_free(h); }
};
struct FreeOptions {
    void operator()(flex_client_options *o) const { flex_client_options_free(o); }
};
using SdkString = std::unique_ptr<char, FreeString>;
using MallocString = std::unique_ptr<char, FreeMalloc>;
using Client = std::unique_ptr<flex_client, FreeClient>;
using Handle = std::unique_ptr<flex_listener_handle, FreeHandle>;
using Options = std::unique_ptr<flex_client_options, FreeOptions>;

// A malloc'd string as std::string ("" for NULL); frees it.
inline std::string Take(char *malloced) {
    MallocString owned(malloced);
    return owned ? owned.get() : "";
}
// An SDK-owned string as std::string ("" for NULL); frees it.
inline std::string TakeSdk(char *sdk) {
    SdkString owned(sdk);
    return owned ? owned.get() : "";
}

// A field of a JSON document ("" when missing).
inline std::string Field(const char *json, const char *path) { return Take(json ? tk_json_get(json, path) : nullptr); }
inline std::string Field(const std::string &json, const char *path) { return Field(json.c_str(), path); }
inline std::string Field(const SdkString &json, const char *path) { return Field(json.get(), path); }

// How many elements a JSON array has (by probing indices).
inline int Length(const std::string &json) {
    int n = 0;
    while (!Field(json, std::to_string(n).c_str()).empty()) n++;
    return n;
}

// The last error's message, for failure output.
inline std::string LastError() {
    flex_error *e = flex_last_error();
    std::string message = e ? flex_error_message(e) : "(none)";
    flex_error_free(e);
    return message;
}

// The last error's code, message, details, Twilio code and HTTP status.
struct ErrorInfo {
    flex_result code = 0;
    std::string message, details;
    uint32_t twilio_code = 0;
    uint16_t http_status = 0;
};
inline ErrorInfo LastErrorInfo() {
    ErrorInfo info;
    flex_error *e = flex_last_error();
    if (!e) return info;
    info.code = flex_error_code(e);
    info.message = flex_error_message(e);
    const char *details = flex_error_details(e);
    info.details = details ? details : "";
    info.twilio_code = flex_error_twilio_code(e);
    info.http_status = flex_error_http_status(e);
    flex_error_free(e);
    return info;
}

// Polls `done` every 10 ms for up to `ms`; whether it became true.
inline bool Eventually(const std::function<bool()> &done, int ms = kWaitMs) {
    for (int waited = 0; waited < ms; waited += 10) {
        if (done()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return done();
}

// A C++ callable as a listener: the heap object is user_data, deleted by the destructor hook.
struct Callback {
    std::function<void(flex_event_kind, const std::string &)> fn;
    std::atomic<int> *deleted;
    static void OnEvent(const flex_event *event, void *user_data) {
        static_cast<Callback *>(user_data)->fn(event->kind, event->json);
    }
    static void Delete(void *user_data) {
        auto *self = static_cast<Callback *>(user_data);
        if (self->deleted) ++*self->deleted;
        delete self;
    }
};

// One client with a recorder listening to every event.
class Agent {
  public:
    Agent() { tk_recorder_init(&recorder_); }
    ~Agent() {
        Close();
        tk_recorder_destroy(&recorder_);
    }
    Agent(const Agent &) = delete;
    Agent &operator=(const Agent &) = delete;

    // Creates the client (the options are freed here) and attaches the recorder.
    flex_result Create(const std::string &token, flex_client_options *options) {
        flex_client *raw = nullptr;
        flex_result rc = flex_create_client(token.c_str(), options, &raw);
        flex_client_options_free(options);
        if (rc != FLEX_OK) return rc;
        client_.reset(raw);
        flex_listener_handle *h = nullptr;
        rc = flex_client_add_listener(raw, tk_recorder_on_event, &recorder_, nullptr, &h);
        handle_.reset(h);
        return rc;
    }
    void Close() {
        client_.reset();
        handle_.reset();
    }
    flex_client *get() const { return client_.get(); }
    tk_recorder *recorder() { return &recorder_; }

    // The first event of this kind containing `needle`, waiting up to `ms`; "" (and a failure) if none.
    std::string Wait(flex_event_kind kind, const std::string &needle = "", int ms = kWaitMs) {
        std::string json = Take(tk_recorder_wait(&recorder_, kind, needle.empty() ? nullptr : needle.c_str(), ms));
        EXPECT_FALSE(json.empty()) << "no " << flex_event_kind_name(kind) << " event with " << needle;
        return json;
    }
    size_t Count(flex_event_kind kind) { return tk_recorder_count(&recorder_, kind); }
    // The kinds recorded so far, in order.
    std::vector<unsigned> Kinds() {
        std::vector<unsigned> kinds;
        pthread_mutex_lock(&recorder_.lock);
        for (const tk_event *e = recorder_.head; e; e = e->next) kinds.push_back(e->kind);
        pthread_mutex_unlock(&recorder_.lock);
        return kinds;
    }
    // The JSON of every event of this kind, in order.
    std::vector<std::string> Events(flex_event_kind kind) {
        std::vector<std::string> all;
        pthread_mutex_lock(&recorder_.lock);
        for (const tk_event *e = recorder_.head; e; e = e->next)
            if (e->kind == kind) all.emplace_back(e->json);
        pthread_mutex_unlock(&recorder_.lock);
        return all;
    }

  private:
    tk_recorder recorder_{};
    Client client_;
    Handle handle_;
};

class FlexC : public ::testing::Test {
  protected:
    void SetUp() override { StartEmulator({}); }
    void TearDown() override {
        handles_.clear();
        client_.reset();
        if (recorder_ready_) tk_recorder_destroy(&recorder_);
        tk_emulator_stop(&emu_);
    }

    void StartEmulator(std::vector<const char *> args) {
        tk_emulator_stop(&emu_);
        args.push_back(nullptr);
        ASSERT_TRUE(tk_emulator_start(&emu_, args.data())) << "set FLEX_EMULATOR";
    }

    std::string World(const char *path) { return Take(tk_world(&emu_, path)); }

    flex_client_options *Options() {
        flex_client_options *o = flex_client_options_create();
        flex_client_options_set_endpoint_override(o, emu_.base_url);
        // Upper bounds, generous for valgrind on a busy machine: a passing test never waits them out.
        flex_client_options_set_connect_timeout_ms(o, 30000);
        flex_client_options_set_request_timeout_ms(o, 15000);
        flex_client_options_set_event_timeout_ms(o, 20000);
        return o;
    }

    // Creates the agent's client with a fresh recorder attached (replacing any earlier one).
    void Connect(flex_client_options *options = nullptr) {
        handles_.clear();
        client_.reset();
        if (recorder_ready_) tk_recorder_destroy(&recorder_);
        recorder_ready_ = false;
        if (!options) options = Options();
        flex_client *raw = nullptr;
        flex_result rc = flex_create_client(World("users.agent.token").c_str(), options, &raw);
        flex_client_options_free(options);
        ASSERT_EQ(rc, FLEX_OK) << LastError();
        client_.reset(raw);
        tk_recorder_init(&recorder_);
        recorder_ready_ = true;
        flex_listener_handle *h = nullptr;
        ASSERT_EQ(flex_client_add_listener(raw, tk_recorder_on_event, &recorder_, nullptr, &h), FLEX_OK);
        handles_.emplace_back(h);
    }

    // Another client for a seeded user ("agent2", "supervisor") or a token, with its own recorder.
    std::unique_ptr<Agent> Open(const std::string &user, flex_client_options *options = nullptr) {
        auto agent = std::make_unique<Agent>();
        std::string token = user.rfind("eyJ", 0) == 0 ? user : World(("users." + user + ".token").c_str());
        flex_result rc = agent->Create(token, options ? options : Options());
        EXPECT_EQ(rc, FLEX_OK) << LastError();
        return rc == FLEX_OK ? std::move(agent) : nullptr;
    }

    std::string Wait(flex_event_kind kind, const std::string &needle = "") {
        std::string json = Take(tk_recorder_wait(&recorder_, kind, needle.empty() ? nullptr : needle.c_str(), kWaitMs));
        EXPECT_FALSE(json.empty()) << "no " << flex_event_kind_name(kind) << " event with " << needle;
        return json;
    }

    void GoAvailable(flex_client *client = nullptr) {
        ASSERT_EQ(flex_client_set_current_activity(client ? client : client_.get(),
                                                   World("activities.available").c_str(), false, nullptr),
                  FLEX_OK)
            << LastError();
    }

    // Creates a task through REST and waits until it is offered; returns its SID.
    std::string OfferedTask(const char *channel, const char *attributes = "{\"from\":\"gtest\"}") {
        std::string task = Take(tk_create_task(&emu_, channel, attributes));
        EXPECT_FALSE(task.empty());
        EXPECT_EQ(Field(Wait(FLEX_EVENT_RESERVATION_CREATED, task), "status"), "pending");
        return task;
    }

    tk_emulator emu_{};
    tk_recorder recorder_{};
    bool recorder_ready_ = false;
    std::vector<Handle> handles_;
    Client client_;
};

}  // namespace flex_test

#endif  // FLEX_GTEST_H
