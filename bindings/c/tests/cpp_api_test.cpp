// C++17 GoogleTest suite of the Flex SDK C API, each test against its own flex-emulator.
#include <future>
#include <mutex>

#include "flex_gtest.h"

namespace {

using namespace flex_test;

TEST_F(FlexC, CreatesClientAndReadsWorkerAndTokenInfo) {
    Connect();
    char *raw = nullptr;
    ASSERT_EQ(flex_client_get_worker(client_.get(), &raw), FLEX_OK);
    SdkString worker(raw);
    EXPECT_EQ(Field(worker, "sid"), World("users.agent.worker_sid"));
    EXPECT_EQ(Field(worker, "activity_sid"), World("activities.offline"));
    EXPECT_FALSE(Field(worker, "activities.3.sid").empty());
    ASSERT_EQ(flex_client_token_info(client_.get(), &raw), FLEX_OK);
    SdkString info(raw);
    EXPECT_EQ(Field(info, "identity"), World("users.agent.identity"));
    EXPECT_EQ(Field(info, "worker_sid"), World("users.agent.worker_sid"));
    flex_connection_state state = FLEX_CONNECTION_DISCONNECTED;
    ASSERT_EQ(flex_client_connection_state(client_.get(), &state), FLEX_OK);
    EXPECT_EQ(state, FLEX_CONNECTION_CONNECTED);
}

TEST_F(FlexC, ActivityChangeReachesALambdaOnTheDispatcherThread) {
    Connect();
    std::atomic<int> deleted{0}, activity_events{0};
    std::atomic<bool> other_thread{false};
    const auto caller = std::this_thread::get_id();
    auto *cb = new Callback{[&](flex_event_kind kind, const std::string &) {
                                if (kind != FLEX_EVENT_WORKER_ACTIVITY_UPDATED) return;
                                other_thread = std::this_thread::get_id() != caller;
                                ++activity_events;
                            },
                            &deleted};
    flex_listener_handle *raw = nullptr;
    ASSERT_EQ(flex_client_add_listener(client_.get(), Callback::OnEvent, cb, Callback::Delete, &raw), FLEX_OK);
    Handle handle(raw);
    GoAvailable();
    Wait(FLEX_EVENT_WORKER_ACTIVITY_UPDATED, "\"activity_sid\":\"" + World("activities.available") + "\"");
    for (int i = 0; i < 100 && activity_events == 0; i++) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    EXPECT_EQ(activity_events, 1);
    EXPECT_TRUE(other_thread);
    handle.reset();  // removes the listener: the destructor runs exactly once
    for (int i = 0; i < 200 && deleted == 0; i++) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    EXPECT_EQ(deleted, 1);
    client_.reset();
    EXPECT_EQ(deleted, 1);
}

TEST_F(FlexC, AListenerForSomeKindsGetsOnlyThose) {
    Connect();
    std::mutex mutex;
    std::vector<flex_event_kind> kinds;
    std::atomic<int> deleted{0};
    auto *cb = new Callback{[&](flex_event_kind kind, const std::string &) {
                                std::lock_guard<std::mutex> lock(mutex);
                                kinds.push_back(kind);
                            },
                            &deleted};
    const flex_event_kind wanted[] = {FLEX_EVENT_WORKER_ATTRIBUTES_UPDATED};
    flex_listener_handle *raw = nullptr;
    ASSERT_EQ(flex_client_add_listener_for(client_.get(), wanted, 1, Callback::OnEvent, cb, Callback::Delete, &raw), FLEX_OK);
    Handle handle(raw);
    const flex_event_kind unknown[] = {FLEX_EVENT_WORKER_ATTRIBUTES_UPDATED, 999};
    flex_listener_handle *refused = nullptr;
    EXPECT_EQ(flex_client_add_listener_for(client_.get(), unknown, 2, Callback::OnEvent, nullptr, nullptr, &refused),
              FLEX_CODE_INVALID_PARAMS);
    EXPECT_EQ(flex_client_add_listener_for(client_.get(), nullptr, 1, Callback::OnEvent, nullptr, nullptr, &refused),
              FLEX_CODE_INVALID_PARAMS);
    EXPECT_EQ(refused, nullptr);
    GoAvailable();
    ASSERT_EQ(flex_client_set_attributes(client_.get(), R"({"filtered":1})", true, nullptr), FLEX_OK);
    Wait(FLEX_EVENT_WORKER_ATTRIBUTES_UPDATED, "\"filtered\":1");
    client_.reset();  // destroys the client: every listener got its last event
    std::lock_guard<std::mutex> lock(mutex);
    EXPECT_EQ(kinds, (std::vector<flex_event_kind>{FLEX_EVENT_WORKER_ATTRIBUTES_UPDATED, FLEX_EVENT_CLIENT_DESTROYED}));
}

TEST_F(FlexC, AttributesReplaceAndMerge) {
    Connect();
    ASSERT_EQ(flex_client_set_attributes(client_.get(), R"({"a":{"x":1},"keep":true})", false, nullptr), FLEX_OK);
    char *raw = nullptr;
    ASSERT_EQ(flex_client_set_attributes(client_.get(), R"({"a":{"y":2}})", true, &raw), FLEX_OK);
    SdkString worker(raw);
    EXPECT_EQ(Field(worker, "attributes.a.x"), "1");
    EXPECT_EQ(Field(worker, "attributes.a.y"), "2");
    EXPECT_EQ(Field(worker, "attributes.keep"), "true");
    ASSERT_EQ(flex_client_set_attributes(client_.get(), R"({"only":1})", false, &raw), FLEX_OK);
    worker.reset(raw);
    EXPECT_EQ(Field(worker, "attributes.keep"), "");
    Wait(FLEX_EVENT_WORKER_ATTRIBUTES_UPDATED, "only");
}

TEST_F(FlexC, TaskIsAcceptedWrappedUpAndCompleted) {
    Connect();
    GoAvailable();
    const std::string task = OfferedTask("chat");
    char *raw = nullptr;
    ASSERT_EQ(flex_client_accept_task(client_.get(), task.c_str(), &raw), FLEX_OK) << LastError();
    SdkString r(raw);
    EXPECT_EQ(Field(r, "status"), "accepted");
    EXPECT_EQ(Field(r, "task.task_channel_unique_name"), "chat");
    Wait(FLEX_EVENT_RESERVATION_ACCEPTED, task);
    ASSERT_EQ(flex_client_wrap_up_task(client_.get(), task.c_str(), nullptr), FLEX_OK) << LastError();
    Wait(FLEX_EVENT_RESERVATION_WRAPUP, task);
    ASSERT_EQ(flex_client_complete_task(client_.get(), task.c_str(), nullptr, &raw), FLEX_OK) << LastError();
    r.reset(raw);
    EXPECT_EQ(Field(r, "status"), "completed");
    Wait(FLEX_EVENT_RESERVATION_COMPLETED, task);
    ASSERT_EQ(flex_client_get_worker(client_.get(), &raw), FLEX_OK);
    SdkString worker(raw);
    EXPECT_EQ(Field(worker, "reservations.0.sid"), "");
}

TEST_F(FlexC, TaskIsRejected) {
    Connect();
    GoAvailable();
    const std::string task = OfferedTask("voice");
    char *raw = nullptr;
    ASSERT_EQ(flex_client_reject_task(client_.get(), task.c_str(), nullptr, &raw), FLEX_OK) << LastError();
    SdkString r(raw);
    EXPECT_EQ(Field(r, "status"), "rejected");
    Wait(FLEX_EVENT_RESERVATION_REJECTED, task);
    // Going offline rejects a re-offer of the same task, if any.
    EXPECT_EQ(flex_client_set_current_activity(client_.get(), World("activities.offline").c_str(), true, nullptr),
              FLEX_OK)
        << LastError();
}

TEST_F(FlexC, ErrorsCarryOfficialCodes) {
    flex_client *raw = nullptr;
    EXPECT_EQ(flex_create_client("", nullptr, &raw), FLEX_CODE_INVALID_PARAMS);
    EXPECT_STREQ(flex_code_name(FLEX_CODE_INVALID_PARAMS), "InvalidParams");

    flex_client_options *dead = flex_client_options_create();
    flex_client_options_set_endpoint_override(dead, "http://127.0.0.1:1");
    flex_client_options_set_connect_timeout_ms(dead, 3000);
    EXPECT_EQ(flex_create_client(World("users.agent.token").c_str(), dead, &raw), FLEX_CODE_NETWORK_ERROR);
    flex_client_options_free(dead);

    flex_client_options *options = Options();
    EXPECT_EQ(flex_create_client("not-a-token", options, &raw), 20101u);  // InvalidAccessToken
    flex_client_options_free(options);
    flex_error *rejected = flex_last_error();
    ASSERT_NE(rejected, nullptr);
    EXPECT_EQ(flex_error_http_status(rejected), 401);
    EXPECT_EQ(flex_error_twilio_code(rejected), 20101u);
    flex_error_free(rejected);

    Connect();
    EXPECT_EQ(flex_client_set_current_activity(client_.get(), "WAnope", false, nullptr), FLEX_CODE_INVALID_PARAMS);
    flex_error *e = flex_last_error();
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(flex_error_code(e), 48926u);
    EXPECT_NE(std::string(flex_error_message(e)).find("WAnope"), std::string::npos);
    flex_error_free(e);
    EXPECT_EQ(flex_client_set_attributes(client_.get(), "{\"a\":", false, nullptr), FLEX_CODE_INVALID_PARAMS);
    EXPECT_EQ(flex_client_complete_task(client_.get(), "WTnope", nullptr, nullptr), FLEX_CODE_TASK_RESERVATION_NOT_FOUND);
    EXPECT_EQ(flex_client_accept_task(client_.get(), "", nullptr), FLEX_CODE_INVALID_PARAMS);
    EXPECT_EQ(flex_client_get_worker(client_.get(), nullptr), FLEX_CODE_INVALID_PARAMS);

    flex_client_destroy(client_.get());
    flex_client_destroy(client_.get());
    char *json = nullptr;
    EXPECT_EQ(flex_client_get_worker(client_.get(), &json), FLEX_CODE_INVALID_STATE);
    EXPECT_EQ(flex_client_update_token(client_.get(), World("users.agent.token").c_str(), nullptr), FLEX_CODE_INVALID_STATE);
    EXPECT_EQ(tk_recorder_count(&recorder_, FLEX_EVENT_CLIENT_DESTROYED), 1u);
}

TEST_F(FlexC, ReconnectsAfterTheSocketDrops) {
    Connect();
    ASSERT_TRUE(tk_drop_sockets(&emu_));
    Wait(FLEX_EVENT_CONNECTION_STATE_CHANGED, "\"reconnecting\"");
    flex_connection_state state = FLEX_CONNECTION_RECONNECTING;
    for (int i = 0; i < 300 && state != FLEX_CONNECTION_CONNECTED; i++) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        ASSERT_EQ(flex_client_connection_state(client_.get(), &state), FLEX_OK);
    }
    EXPECT_EQ(state, FLEX_CONNECTION_CONNECTED);
    GoAvailable();
}

TEST_F(FlexC, ARefusedTokenIsReportedAndANewOneRecovers) {
    Connect();
    GoAvailable();
    ASSERT_TRUE(tk_rotate_signing_key(&emu_));
    const std::string refused = Wait(FLEX_EVENT_CONNECTION_ERROR, "\"terminal\":true");
    EXPECT_EQ(Field(refused, "error.code"), "20101");
    EXPECT_EQ(Field(refused, "error.http_status"), "401");
    EXPECT_EQ(Field(refused, "retry_in_ms"), "null");
    Wait(FLEX_EVENT_CONNECTION_STATE_CHANGED, "\"denied\"");
    flex_connection_state state = FLEX_CONNECTION_CONNECTED;
    ASSERT_EQ(flex_client_connection_state(client_.get(), &state), FLEX_OK);
    EXPECT_EQ(state, FLEX_CONNECTION_DENIED);
    flex_renewal_state renewal = FLEX_RENEWAL_STOPPED;
    ASSERT_EQ(flex_client_renewal_state(client_.get(), &renewal), FLEX_OK);
    EXPECT_EQ(renewal, FLEX_RENEWAL_OFF);

    std::unique_ptr<char, FreeMalloc> token(tk_mint_token(&emu_, "agent", 3600));
    ASSERT_TRUE(token);
    ASSERT_EQ(flex_client_update_token(client_.get(), token.get(), nullptr), FLEX_OK) << LastError();
    Wait(FLEX_EVENT_CONNECTION_STATE_CHANGED, "\"connected\"");
    ASSERT_EQ(flex_client_connection_state(client_.get(), &state), FLEX_OK);
    EXPECT_EQ(state, FLEX_CONNECTION_CONNECTED);
    EXPECT_EQ(tk_recorder_count(&recorder_, FLEX_EVENT_CONNECTION_ERROR), 1u) << "no retry while denied";
}

TEST_F(FlexC, TokenAboutToExpireThenUpdated) {
    StartEmulator({"--token-ttl-secs", "4"});
    flex_client_options *o = Options();
    flex_client_options_set_token_expiry_warning_ms(o, 3000);
    Connect(o);
    const std::string warning = Wait(FLEX_EVENT_TOKEN_ABOUT_TO_EXPIRE);
    EXPECT_FALSE(Field(warning.c_str(), "expires_in_secs").empty());
    std::unique_ptr<char, FreeMalloc> token(tk_mint_token(&emu_, "agent", 3600));
    ASSERT_TRUE(token);
    ASSERT_EQ(flex_client_update_token(client_.get(), token.get(), nullptr), FLEX_OK) << LastError();
    Wait(FLEX_EVENT_TOKEN_UPDATED);
}

TEST_F(FlexC, CallsFromManyThreadsAtOnce) {
    Connect();
    std::vector<std::thread> threads;
    std::atomic<int> failures{0};
    for (int t = 0; t < 4; t++) {
        threads.emplace_back([&, t] {
            const std::string attrs = "{\"t" + std::to_string(t) + "\":" + std::to_string(t) + "}";
            if (flex_client_set_attributes(client_.get(), attrs.c_str(), true, nullptr) != FLEX_OK) ++failures;
            for (int i = 0; i < 10; i++) {
                char *json = nullptr;
                if (flex_client_get_worker(client_.get(), &json) != FLEX_OK) ++failures;
                flex_string_free(json);
            }
        });
    }
    for (auto &t : threads) t.join();
    EXPECT_EQ(failures, 0);
}

TEST_F(FlexC, DestroyFromInsideACallbackDoesNotDeadlock) {
    Connect();
    std::atomic<int> deleted{0};
    flex_client *client = client_.get();
    auto *cb = new Callback{[client](flex_event_kind kind, const std::string &) {
                                if (kind == FLEX_EVENT_WORKER_ACTIVITY_UPDATED) flex_client_destroy(client);
                            },
                            &deleted};
    flex_listener_handle *raw = nullptr;
    ASSERT_EQ(flex_client_add_listener(client, Callback::OnEvent, cb, Callback::Delete, &raw), FLEX_OK);
    handles_.emplace_back(raw);
    GoAvailable();
    Wait(FLEX_EVENT_CLIENT_DESTROYED);
    flex_client_destroy(client);  // from the test thread: waits for the listeners
    EXPECT_EQ(deleted, 1);
}

}  // namespace

// A listener that blocks: its client's bounded queue overflows visibly
// (FLEX_EVENT_EVENTS_DROPPED with the count, in place), and another client's
// listener keeps getting its events meanwhile.
TEST_F(FlexC, ABlockedListenerOverflowsItsBoundedQueueVisiblyAndBlocksNoOneElse) {
    flex_client_options *o = Options();
    ASSERT_EQ(flex_client_options_set_event_queue_capacity(o, 4), FLEX_OK);
    Connect(o);
    std::promise<void> open;
    std::shared_future<void> gate = open.get_future().share();
    std::atomic<bool> first{true};
    auto *cb = new Callback{[gate, &first](flex_event_kind, const std::string &) {
                                if (first.exchange(false)) gate.wait();
                            },
                            nullptr};
    flex_listener_handle *raw = nullptr;
    ASSERT_EQ(flex_client_add_listener(client_.get(), Callback::OnEvent, cb, Callback::Delete, &raw), FLEX_OK);
    Handle blocking(raw);
    auto other = Open("agent2");
    ASSERT_TRUE(other);

    const std::string activities[] = {World("activities.break"), World("activities.available")};
    const int changes = 12;
    for (int i = 0; i < changes; i++)
        ASSERT_EQ(flex_client_set_current_activity(client_.get(), activities[i % 2].c_str(), false, nullptr), FLEX_OK)
            << LastError();
    // The other client is served while this one's listener is blocked.
    ASSERT_EQ(flex_client_set_current_activity(other->get(), activities[0].c_str(), false, nullptr), FLEX_OK);
    other->Wait(FLEX_EVENT_WORKER_ACTIVITY_UPDATED);

    open.set_value();
    const std::string dropped = Wait(FLEX_EVENT_EVENTS_DROPPED);
    const long count = std::atol(Field(dropped, "count").c_str());
    EXPECT_GT(count, 0);
    EXPECT_TRUE(Eventually([&] { return tk_recorder_count(&recorder_, FLEX_EVENT_WORKER_ACTIVITY_UPDATED) + count == changes; }))
        << tk_recorder_count(&recorder_, FLEX_EVENT_WORKER_ACTIVITY_UPDATED) << " delivered + " << count << " dropped";
    EXPECT_EQ(tk_recorder_count(&recorder_, FLEX_EVENT_EVENTS_DROPPED), 1u);
}
