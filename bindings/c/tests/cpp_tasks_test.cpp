// C++17 GoogleTest suite of the C API's task, participant, supervisor and
// workspace functions (docs/api-tasks.md), each test against its own flex-emulator.
#include <algorithm>
#include <mutex>

#include "flex_gtest.h"

namespace {

using namespace flex_test;

// Position of the first event of `kind` in `kinds` (kinds.size() when absent).
size_t IndexOf(const std::vector<unsigned> &kinds, unsigned kind) {
    return static_cast<size_t>(std::find(kinds.begin(), kinds.end(), kind) - kinds.begin());
}

std::string KindNames(const std::vector<unsigned> &kinds) {
    std::string names;
    for (unsigned k : kinds) names += std::string(flex_event_kind_name(k) ? flex_event_kind_name(k) : "?") + " ";
    return names;
}

// Participant listener events (JSON), recorded from the dispatcher thread.
struct ParticipantLog {
    std::mutex lock;
    std::vector<std::string> events;
    std::atomic<int> deleted{0};
    std::vector<std::string> Snapshot() {
        std::lock_guard<std::mutex> g(lock);
        return events;
    }
};

class Tasks : public FlexC {
  protected:
    std::string Sid(const char *user) { return World((std::string("users.") + user + ".worker_sid").c_str()); }
};

TEST_F(Tasks, FullLifecycleDeliversEventsInOrder) {
    Connect();
    GoAvailable();
    const std::string task = OfferedTask("chat", R"({"customer":"Carol"})");
    const std::string offered = Wait(FLEX_EVENT_RESERVATION_CREATED, task);
    EXPECT_EQ(Field(offered, "task.attributes.customer"), "Carol");
    EXPECT_EQ(Field(offered, "worker_sid"), Sid("agent"));
    const std::string reservation = Field(offered, "sid");
    char *raw = nullptr;
    ASSERT_EQ(flex_client_get_worker(client_.get(), &raw), FLEX_OK);
    EXPECT_EQ(Field(TakeSdk(raw), "reservations.0.sid"), reservation);

    ASSERT_EQ(flex_client_accept_task(client_.get(), task.c_str(), &raw), FLEX_OK) << LastError();
    std::string r = TakeSdk(raw);
    EXPECT_EQ(Field(r, "sid"), reservation);
    EXPECT_EQ(Field(r, "status"), "accepted");
    EXPECT_EQ(Field(r, "task.status"), "assigned");
    EXPECT_EQ(Field(r, "task.transfers.incoming"), "null");
    ASSERT_EQ(flex_client_wrap_up_task(client_.get(), task.c_str(), &raw), FLEX_OK) << LastError();
    EXPECT_EQ(Field(TakeSdk(raw), "status"), "wrapping");
    ASSERT_EQ(flex_client_complete_task(client_.get(), task.c_str(), nullptr, &raw), FLEX_OK) << LastError();
    r = TakeSdk(raw);
    EXPECT_EQ(Field(r, "status"), "completed");
    EXPECT_EQ(Field(r, "task.status"), "completed");

    Wait(FLEX_EVENT_RESERVATION_COMPLETED, task);
    std::vector<unsigned> seen;
    pthread_mutex_lock(&recorder_.lock);
    for (const tk_event *e = recorder_.head; e; e = e->next)
        if (std::string(e->json).find(task) != std::string::npos) seen.push_back(e->kind);
    pthread_mutex_unlock(&recorder_.lock);
    const size_t created = IndexOf(seen, FLEX_EVENT_RESERVATION_CREATED),
                 accepted = IndexOf(seen, FLEX_EVENT_RESERVATION_ACCEPTED),
                 task_wrapup = IndexOf(seen, FLEX_EVENT_TASK_WRAPUP),
                 wrapup = IndexOf(seen, FLEX_EVENT_RESERVATION_WRAPUP),
                 task_completed = IndexOf(seen, FLEX_EVENT_TASK_COMPLETED),
                 completed = IndexOf(seen, FLEX_EVENT_RESERVATION_COMPLETED);
    EXPECT_LT(created, accepted) << KindNames(seen);
    EXPECT_LT(accepted, task_wrapup) << KindNames(seen);
    EXPECT_LT(task_wrapup, wrapup) << KindNames(seen);  // task events come before the reservation's
    EXPECT_LT(wrapup, task_completed) << KindNames(seen);
    EXPECT_LT(task_completed, completed) << KindNames(seen);
    EXPECT_LT(completed, seen.size()) << KindNames(seen);
    ASSERT_EQ(flex_client_get_worker(client_.get(), &raw), FLEX_OK);
    EXPECT_EQ(Field(TakeSdk(raw), "reservations.0.sid"), "");
}

TEST_F(Tasks, AcceptIsIdempotent) {
    Connect();
    GoAvailable();
    const std::string task = OfferedTask("voice");
    char *first = nullptr, *second = nullptr;
    ASSERT_EQ(flex_client_accept_task(client_.get(), task.c_str(), &first), FLEX_OK) << LastError();
    ASSERT_EQ(flex_client_accept_task(client_.get(), task.c_str(), &second), FLEX_OK) << LastError();
    SdkString a(first), b(second);
    EXPECT_EQ(Field(a, "sid"), Field(b, "sid"));
    EXPECT_EQ(Field(b, "status"), "accepted");
    ASSERT_EQ(flex_client_accept_task(client_.get(), task.c_str(), nullptr), FLEX_OK) << LastError();
    Wait(FLEX_EVENT_RESERVATION_ACCEPTED, task);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    EXPECT_EQ(tk_recorder_count(&recorder_, FLEX_EVENT_RESERVATION_ACCEPTED), 1u);
}

TEST_F(Tasks, RejectReroutesToTheSecondAgent) {
    Connect();
    GoAvailable();
    const std::string task = OfferedTask("voice");
    auto bob = Open("agent2");
    ASSERT_TRUE(bob);
    GoAvailable(bob->get());
    char *raw = nullptr;
    ASSERT_EQ(flex_client_reject_task(client_.get(), task.c_str(), World("activities.offline").c_str(), &raw), FLEX_OK)
        << LastError();
    EXPECT_EQ(Field(TakeSdk(raw), "status"), "rejected");
    Wait(FLEX_EVENT_RESERVATION_REJECTED, task);
    Wait(FLEX_EVENT_WORKER_ACTIVITY_UPDATED, "\"activity_sid\":\"" + World("activities.offline") + "\"");

    const std::string offer = bob->Wait(FLEX_EVENT_RESERVATION_CREATED, task);
    EXPECT_EQ(Field(offer, "worker_sid"), Sid("agent2"));
    ASSERT_EQ(flex_client_accept_task(bob->get(), task.c_str(), &raw), FLEX_OK) << LastError();
    SdkString accepted(raw);
    EXPECT_EQ(Field(accepted, "worker_sid"), Sid("agent2"));
    EXPECT_EQ(Field(accepted, "status"), "accepted");
    ASSERT_EQ(flex_client_get_worker(client_.get(), &raw), FLEX_OK);
    EXPECT_EQ(Field(TakeSdk(raw), "reservations.0.sid"), "");
    EXPECT_EQ(flex_client_accept_task(client_.get(), task.c_str(), nullptr), FLEX_CODE_TASK_RESERVATION_NOT_FOUND);
}

TEST_F(Tasks, ReservationTimeoutReroutes) {
    StartEmulator({"--reservation-timeout-secs", "2"});
    Connect();
    GoAvailable();
    const std::string task = OfferedTask("voice");
    auto bob = Open("agent2");
    ASSERT_TRUE(bob);
    GoAvailable(bob->get());
    const std::string timed_out = Wait(FLEX_EVENT_RESERVATION_TIMEOUT, task);
    EXPECT_EQ(Field(timed_out, "status"), "timeout");
    bob->Wait(FLEX_EVENT_RESERVATION_CREATED, task);
    // Alice's reservation is gone (a timed-out reservation does not change her activity).
    EXPECT_EQ(flex_client_accept_task(client_.get(), task.c_str(), nullptr), FLEX_CODE_TASK_RESERVATION_NOT_FOUND);
    char *raw = nullptr;
    ASSERT_EQ(flex_client_get_worker(client_.get(), &raw), FLEX_OK);
    EXPECT_EQ(Field(TakeSdk(raw), "activity_sid"), World("activities.available"));
    ASSERT_EQ(flex_client_accept_task(bob->get(), task.c_str(), nullptr), FLEX_OK) << LastError();
}

TEST_F(Tasks, TaskCanceledWhileReserved) {
    Connect();
    GoAvailable();
    const std::string task = OfferedTask("chat");
    const std::string path = "Tasks/" + task;
    const char *form[] = {"AssignmentStatus=canceled", "Reason=customer hung up", nullptr};
    const std::string body = Take(tk_taskrouter_post(&emu_, path.c_str(), form));
    ASSERT_FALSE(body.empty()) << "public REST cancel failed";
    EXPECT_EQ(Field(body, "assignment_status"), "canceled");

    const std::string canceled = Wait(FLEX_EVENT_RESERVATION_CANCELED, task);
    EXPECT_EQ(Field(canceled, "status"), "canceled");
    EXPECT_EQ(Field(canceled, "task.sid"), task);
    const std::string task_event = Wait(FLEX_EVENT_TASK_CANCELED, task);
    EXPECT_EQ(Field(task_event, "reason"), "customer hung up");
    EXPECT_EQ(flex_client_accept_task(client_.get(), task.c_str(), nullptr), FLEX_CODE_TASK_RESERVATION_NOT_FOUND);
    EXPECT_EQ(LastErrorInfo().code, FLEX_CODE_TASK_RESERVATION_NOT_FOUND);
}

TEST_F(Tasks, SetTaskAttributesMergesAndReplaces) {
    Connect();
    GoAvailable();
    const std::string task = OfferedTask("chat", R"({"customer":{"name":"Ada","tier":"gold"},"keep":1})");
    char *raw = nullptr;
    ASSERT_EQ(flex_client_set_task_attributes(client_.get(), task.c_str(), R"({"customer":{"tier":"platinum"},"new":true})",
                                              true, &raw),
              FLEX_OK)
        << LastError();
    std::string t = TakeSdk(raw);
    EXPECT_EQ(Field(t, "sid"), task);
    EXPECT_EQ(Field(t, "attributes.customer.name"), "Ada");
    EXPECT_EQ(Field(t, "attributes.customer.tier"), "platinum");
    EXPECT_EQ(Field(t, "attributes.keep"), "1");
    EXPECT_EQ(Field(t, "attributes.new"), "true");
    Wait(FLEX_EVENT_TASK_UPDATED, "platinum");

    ASSERT_EQ(flex_client_set_task_attributes(client_.get(), task.c_str(), R"({"only":1})", false, &raw), FLEX_OK)
        << LastError();
    t = TakeSdk(raw);
    EXPECT_EQ(Field(t, "attributes.only"), "1");
    EXPECT_EQ(Field(t, "attributes.keep"), "");
    ASSERT_EQ(flex_client_get_worker(client_.get(), &raw), FLEX_OK);
    const std::string worker = TakeSdk(raw);
    EXPECT_EQ(Field(worker, "reservations.0.task.attributes.only"), "1");
    EXPECT_EQ(Field(worker, "reservations.0.task.attributes.customer"), "");
    ASSERT_EQ(flex_client_fetch_task(client_.get(), task.c_str(), &raw), FLEX_OK) << LastError();
    EXPECT_EQ(Field(TakeSdk(raw), "attributes.only"), "1");
    // NULL out-parameter: allowed.
    EXPECT_EQ(flex_client_set_task_attributes(client_.get(), task.c_str(), R"({"x":{"y":1}})", true, nullptr), FLEX_OK)
        << LastError();
}

TEST_F(Tasks, EndTaskWrapsThenCompletes) {
    Connect();
    GoAvailable();
    const std::string task = OfferedTask("chat");
    EXPECT_EQ(flex_client_end_task(client_.get(), task.c_str(), nullptr), FLEX_CODE_TASK_RESERVATION_NOT_FOUND)
        << "a pending reservation cannot be ended";
    ASSERT_EQ(flex_client_accept_task(client_.get(), task.c_str(), nullptr), FLEX_OK) << LastError();
    char *raw = nullptr;
    ASSERT_EQ(flex_client_end_task(client_.get(), task.c_str(), &raw), FLEX_OK) << LastError();
    EXPECT_EQ(Field(TakeSdk(raw), "status"), "wrapping");
    Wait(FLEX_EVENT_RESERVATION_WRAPUP, task);
    ASSERT_EQ(flex_client_end_task(client_.get(), task.c_str(), &raw), FLEX_OK) << LastError();
    EXPECT_EQ(Field(TakeSdk(raw), "status"), "completed");
    Wait(FLEX_EVENT_RESERVATION_COMPLETED, task);
    EXPECT_EQ(flex_client_end_task(client_.get(), task.c_str(), nullptr), FLEX_CODE_TASK_RESERVATION_NOT_FOUND);
}

TEST_F(Tasks, CompleteTaskWithAReason) {
    Connect();
    GoAvailable();
    const std::string task = OfferedTask("chat");
    ASSERT_EQ(flex_client_accept_task(client_.get(), task.c_str(), nullptr), FLEX_OK) << LastError();
    char *raw = nullptr;
    ASSERT_EQ(flex_client_complete_task(client_.get(), task.c_str(), "resolved", &raw), FLEX_OK) << LastError();
    EXPECT_EQ(Field(TakeSdk(raw), "status"), "completed");
    Wait(FLEX_EVENT_RESERVATION_COMPLETED, task);
    ASSERT_EQ(flex_client_fetch_task(client_.get(), task.c_str(), &raw), FLEX_OK) << LastError();
    const std::string t = TakeSdk(raw);
    EXPECT_EQ(Field(t, "status"), "completed");
    EXPECT_EQ(Field(t, "reason"), "resolved");
}

TEST_F(Tasks, ParticipantListenerSeesTheAgentJoinAndLeave) {
    Connect();
    GoAvailable();
    const std::string task = OfferedTask("chat");
    auto *log = new ParticipantLog;
    std::atomic<int> deleted{0};
    auto *cb = new Callback{[log](flex_event_kind kind, const std::string &json) {
                                EXPECT_EQ(kind, FLEX_EVENT_TASK_PARTICIPANT);
                                std::lock_guard<std::mutex> g(log->lock);
                                log->events.push_back(json);
                            },
                            &deleted};
    flex_listener_handle *raw_handle = nullptr;
    ASSERT_EQ(flex_client_add_task_participant_listener(client_.get(), task.c_str(), Callback::OnEvent, cb,
                                                        Callback::Delete, &raw_handle),
              FLEX_OK)
        << LastError();
    Handle handle(raw_handle);

    char *raw = nullptr;
    ASSERT_EQ(flex_client_accept_task(client_.get(), task.c_str(), &raw), FLEX_OK) << LastError();
    const std::string reservation = Field(TakeSdk(raw), "sid");
    ASSERT_EQ(flex_client_get_task_participants(client_.get(), task.c_str(), &raw), FLEX_OK) << LastError();
    const std::string list = TakeSdk(raw);
    ASSERT_EQ(Length(list), 2) << list;
    EXPECT_EQ(Field(list, "0.type"), "customer");
    EXPECT_EQ(Field(list, "1.type"), "agent");
    EXPECT_EQ(Field(list, "1.channel_type"), "chat");
    EXPECT_EQ(Field(list, "1.routing_properties.task_sid"), task);
    EXPECT_EQ(Field(list, "1.routing_properties.reservation_sid"), reservation);
    EXPECT_EQ(Field(list, "1.routing_properties.worker_sid"), Sid("agent"));
    EXPECT_EQ(Field(list, "1.is_on_hold"), "false");
    EXPECT_EQ(Field(list, "1.error"), "null");
    const std::string agent_participant = Field(list, "1.participant_sid");
    EXPECT_FALSE(agent_participant.empty());

    ASSERT_EQ(flex_client_wrap_up_task(client_.get(), task.c_str(), nullptr), FLEX_OK) << LastError();
    ASSERT_EQ(flex_client_complete_task(client_.get(), task.c_str(), nullptr, nullptr), FLEX_OK) << LastError();
    ASSERT_TRUE(Eventually([&] { return log->Snapshot().size() >= 3; })) << log->Snapshot().size();
    const auto events = log->Snapshot();
    ASSERT_EQ(events.size(), 3u);
    EXPECT_EQ(Field(events[0], "kind"), "added");
    EXPECT_EQ(Field(events[1], "kind"), "modified");
    EXPECT_EQ(Field(events[2], "kind"), "removed");
    EXPECT_EQ(Field(events[0], "task_sid"), task);
    EXPECT_EQ(Field(events[0], "participant.participant_sid"), agent_participant);
    EXPECT_EQ(Field(events[0], "participant.type"), "agent");
    EXPECT_EQ(Field(events[0], "task.sid"), task);
    EXPECT_EQ(Field(events[2], "participant.participant_sid"), agent_participant);
    // Ordinary listeners get the same events.
    Wait(FLEX_EVENT_TASK_PARTICIPANT, "\"removed\"");
    EXPECT_EQ(tk_recorder_count(&recorder_, FLEX_EVENT_TASK_PARTICIPANT), 3u);

    handle.reset();  // removes the listener: the destructor runs exactly once
    EXPECT_TRUE(Eventually([&] { return deleted == 1; }));
    client_.reset();
    EXPECT_EQ(deleted, 1);
    delete log;

    // Without a reservation for the task: 48901, and the destructor is not called.
    Connect();
    std::atomic<int> never{0};
    auto *unused = new Callback{[](flex_event_kind, const std::string &) {}, &never};
    raw_handle = reinterpret_cast<flex_listener_handle *>(&raw_handle);
    EXPECT_EQ(flex_client_add_task_participant_listener(client_.get(), "WTnone", Callback::OnEvent, unused,
                                                        Callback::Delete, &raw_handle),
              FLEX_CODE_TASK_RESERVATION_NOT_FOUND);
    EXPECT_EQ(never, 0);
    Callback::Delete(unused);
    EXPECT_EQ(flex_client_get_task_participants(client_.get(), "WTnone", &raw), FLEX_CODE_TASK_RESERVATION_NOT_FOUND);
}

TEST_F(Tasks, SupervisorChangesAnotherWorker) {
    Connect();  // alice watches her own worker
    auto sup = Open("supervisor");
    ASSERT_TRUE(sup);
    const std::string alice = Sid("agent"), available = World("activities.available");
    char *raw = nullptr;
    ASSERT_EQ(flex_client_set_worker_activity(sup->get(), alice.c_str(), available.c_str(), false, &raw), FLEX_OK)
        << LastError();
    std::string w = TakeSdk(raw);
    EXPECT_EQ(Field(w, "sid"), alice);
    EXPECT_EQ(Field(w, "activity_sid"), available);
    EXPECT_EQ(Field(w, "available"), "true");
    Wait(FLEX_EVENT_WORKER_ACTIVITY_UPDATED, "\"activity_sid\":\"" + available + "\"");
    // Already current on the TARGET (the supervisor itself is Offline): a no-op.
    ASSERT_EQ(flex_client_set_worker_activity(sup->get(), alice.c_str(), available.c_str(), false, &raw), FLEX_OK)
        << LastError();
    EXPECT_EQ(Field(TakeSdk(raw), "version"), Field(w, "version"));

    ASSERT_EQ(flex_client_fetch_worker_info(sup->get(), alice.c_str(), &raw), FLEX_OK) << LastError();
    const std::string contact = Field(TakeSdk(raw), "attributes.contact_uri");
    EXPECT_EQ(contact, "client:alice");
    ASSERT_EQ(flex_client_set_worker_attributes(sup->get(), alice.c_str(), R"({"skills":{"extra":1}})", true, &raw),
              FLEX_OK)
        << LastError();
    w = TakeSdk(raw);
    EXPECT_EQ(Field(w, "attributes.contact_uri"), contact) << "merged onto the target";
    EXPECT_EQ(Field(w, "attributes.skills.extra"), "1");
    Wait(FLEX_EVENT_WORKER_ATTRIBUTES_UPDATED, "extra");
    ASSERT_EQ(flex_client_get_worker(client_.get(), &raw), FLEX_OK);
    EXPECT_EQ(Field(TakeSdk(raw), "attributes.skills.extra"), "1");
    ASSERT_EQ(flex_client_get_worker(sup->get(), &raw), FLEX_OK);
    EXPECT_EQ(Field(TakeSdk(raw), "attributes.skills.extra"), "") << "the supervisor's own worker is untouched";
    ASSERT_EQ(flex_client_set_worker_activity(sup->get(), alice.c_str(), World("activities.break").c_str(), true,
                                              nullptr),
              FLEX_OK)
        << LastError();
    Wait(FLEX_EVENT_WORKER_ACTIVITY_UPDATED, "\"activity_name\":\"Break\"");

    EXPECT_EQ(flex_client_set_worker_activity(sup->get(), "WKnope", World("activities.offline").c_str(), false, nullptr),
              48300u);
    EXPECT_EQ(flex_client_set_worker_activity(sup->get(), alice.c_str(), "WAnope", false, nullptr),
              FLEX_CODE_INVALID_PARAMS);
    EXPECT_EQ(flex_client_set_worker_attributes(sup->get(), alice.c_str(), "\"x\"", false, nullptr),
              FLEX_CODE_INVALID_PARAMS);
    EXPECT_EQ(flex_client_set_worker_attributes(sup->get(), alice.c_str(), "{\"a\":", false, nullptr),
              FLEX_CODE_INVALID_PARAMS);
}

TEST_F(Tasks, SupervisorAndTheAgentsPendingReservation) {
    Connect();
    GoAvailable();
    const std::string task = OfferedTask("voice");
    auto sup = Open("supervisor");
    ASSERT_TRUE(sup);
    const std::string alice = Sid("agent"), offline = World("activities.offline");
    EXPECT_EQ(flex_client_set_worker_activity(sup->get(), alice.c_str(), offline.c_str(), false, nullptr), 48301u);
    EXPECT_STREQ(flex_code_name(48301), "ActivityChangeRejectedPendingReservations");
    char *raw = nullptr;
    ASSERT_EQ(flex_client_get_worker(client_.get(), &raw), FLEX_OK);
    EXPECT_EQ(Field(TakeSdk(raw), "activity_name"), "Available");
    ASSERT_EQ(flex_client_set_worker_activity(sup->get(), alice.c_str(), offline.c_str(), true, &raw), FLEX_OK)
        << LastError();
    EXPECT_EQ(Field(TakeSdk(raw), "activity_name"), "Offline");
    Wait(FLEX_EVENT_RESERVATION_REJECTED, task);
    Wait(FLEX_EVENT_WORKER_ACTIVITY_UPDATED, "\"activity_sid\":\"" + offline + "\"");
    ASSERT_EQ(flex_client_get_worker(client_.get(), &raw), FLEX_OK);
    EXPECT_EQ(Field(TakeSdk(raw), "reservations.0.sid"), "");
}

TEST_F(Tasks, AgentTokenIsRefusedSupervisorActions) {
    Connect();
    const std::string bob = Sid("agent2");
    EXPECT_EQ(flex_client_set_worker_activity(client_.get(), bob.c_str(), World("activities.available").c_str(), false,
                                              nullptr),
              FLEX_CODE_ACCESS_DENIED_ERROR);
    const ErrorInfo e = LastErrorInfo();
    EXPECT_EQ(e.code, 48920u);
    EXPECT_EQ(e.http_status, 0) << "refused without a request";
    EXPECT_EQ(flex_client_set_worker_attributes(client_.get(), bob.c_str(), "{}", true, nullptr),
              FLEX_CODE_ACCESS_DENIED_ERROR);
    // Not even on herself.
    EXPECT_EQ(flex_client_set_worker_attributes(client_.get(), Sid("agent").c_str(), "{}", true, nullptr),
              FLEX_CODE_ACCESS_DENIED_ERROR);
    auto bob_client = Open("agent2");
    ASSERT_TRUE(bob_client);
    char *raw = nullptr;
    ASSERT_EQ(flex_client_get_worker(bob_client->get(), &raw), FLEX_OK);
    EXPECT_EQ(Field(TakeSdk(raw), "activity_sid"), World("activities.offline")) << "bob is unchanged";
}

TEST_F(Tasks, WorkspaceQueriesFollowPages) {
    for (int i = 0; i < 4; i++) {
        const std::string name = "FriendlyName=extra" + std::to_string(i);
        const char *form[] = {name.c_str(), "Attributes={\"team\":\"x\"}", nullptr};
        ASSERT_FALSE(Take(tk_taskrouter_post(&emu_, "Workers", form)).empty()) << "public REST worker create failed";
    }
    Connect();
    GoAvailable();
    flex_client *c = client_.get();
    char *raw = nullptr;
    ASSERT_EQ(flex_client_fetch_workers_info(c, R"({"page_size":2})", &raw), FLEX_OK) << LastError();
    std::string all = TakeSdk(raw);
    EXPECT_EQ(Length(all), 7) << "3 seeded + 4 created, over 4 pages";
    ASSERT_EQ(flex_client_fetch_workers_info(c, nullptr, &raw), FLEX_OK) << LastError();
    EXPECT_EQ(Length(TakeSdk(raw)), 7);
    ASSERT_EQ(flex_client_fetch_workers_info(c, R"({"target_workers_expression":"team == 'x'","page_size":3})", &raw),
              FLEX_OK)
        << LastError();
    const std::string team = TakeSdk(raw);
    EXPECT_EQ(Length(team), 4);
    EXPECT_EQ(Field(team, "0.attributes.team"), "x");
    ASSERT_EQ(flex_client_fetch_workers_info(c, R"({"friendly_name":"bob"})", &raw), FLEX_OK) << LastError();
    const std::string bob = TakeSdk(raw);
    ASSERT_EQ(Length(bob), 1);
    EXPECT_EQ(Field(bob, "0.sid"), Sid("agent2"));
    ASSERT_EQ(flex_client_fetch_workers_info(c, R"({"activity_name":"Available","page_size":1})", &raw), FLEX_OK)
        << LastError();
    const std::string available = TakeSdk(raw);
    ASSERT_EQ(Length(available), 1);
    EXPECT_EQ(Field(available, "0.sid"), Sid("agent"));
    EXPECT_EQ(Field(available, "0.available"), "true");
    ASSERT_EQ(flex_client_fetch_worker_info(c, Sid("agent2").c_str(), &raw), FLEX_OK) << LastError();
    const std::string one = TakeSdk(raw);
    EXPECT_EQ(Field(one, "attributes.contact_uri"), "client:bob");
    EXPECT_EQ(Field(one, "workspace_sid"), World("workspace_sid"));

    ASSERT_EQ(flex_client_fetch_task_queues(c, R"({"page_size":1})", &raw), FLEX_OK) << LastError();
    const std::string queues = TakeSdk(raw);
    EXPECT_EQ(Length(queues), 2);
    ASSERT_EQ(flex_client_fetch_task_queue(c, World("queues.voice").c_str(), &raw), FLEX_OK) << LastError();
    const std::string voice = TakeSdk(raw);
    EXPECT_EQ(Field(voice, "sid"), World("queues.voice"));
    EXPECT_EQ(Field(voice, "target_workers"), "1==1");

    const std::string task = Take(tk_create_task(&emu_, "chat", R"({"a":1})"));
    ASSERT_EQ(flex_client_fetch_task(c, task.c_str(), &raw), FLEX_OK) << LastError();
    EXPECT_EQ(Field(TakeSdk(raw), "attributes.a"), "1");

    EXPECT_NE(flex_client_fetch_task(c, "WTnope", &raw), FLEX_OK);
    EXPECT_EQ(LastErrorInfo().http_status, 404);
    EXPECT_EQ(flex_client_fetch_workers_info(c, R"({"page_size":0})", &raw), FLEX_CODE_INVALID_PARAMS);
    EXPECT_EQ(flex_client_fetch_workers_info(c, R"({"page_size":1001})", &raw), FLEX_CODE_INVALID_PARAMS);
    EXPECT_EQ(flex_client_fetch_task_queues(c, R"({"page_size":0})", &raw), FLEX_CODE_INVALID_PARAMS);
    EXPECT_EQ(flex_client_fetch_workers_info(c, "{\"page_size\":", &raw), FLEX_CODE_INVALID_PARAMS);
    EXPECT_EQ(flex_client_fetch_workers_info(c, nullptr, nullptr), FLEX_CODE_INVALID_PARAMS);
}

TEST_F(Tasks, BadInputHasOfficialCodes) {
    Connect();
    GoAvailable();
    flex_client *c = client_.get();
    char *raw = nullptr;
    EXPECT_EQ(flex_client_accept_task(c, "WTunknown", nullptr), FLEX_CODE_TASK_RESERVATION_NOT_FOUND);
    EXPECT_EQ(flex_client_reject_task(c, "WTunknown", nullptr, nullptr), FLEX_CODE_TASK_RESERVATION_NOT_FOUND);
    EXPECT_EQ(flex_client_end_task(c, "WTunknown", nullptr), FLEX_CODE_TASK_RESERVATION_NOT_FOUND);
    EXPECT_EQ(flex_client_complete_task(c, "WTunknown", "done", nullptr), FLEX_CODE_TASK_RESERVATION_NOT_FOUND);
    EXPECT_EQ(flex_client_set_task_attributes(c, "WTunknown", "{}", true, nullptr),
              FLEX_CODE_TASK_RESERVATION_NOT_FOUND);
    EXPECT_EQ(flex_client_get_task_participants(c, "WTunknown", &raw), FLEX_CODE_TASK_RESERVATION_NOT_FOUND);
    const ErrorInfo e = LastErrorInfo();
    EXPECT_EQ(e.code, 48901u);
    EXPECT_STREQ(flex_code_name(48901), "TaskReservationNotFound");

    const std::string task = OfferedTask("chat");
    EXPECT_EQ(flex_client_set_task_attributes(c, task.c_str(), "{\"a\":", true, nullptr), FLEX_CODE_INVALID_PARAMS);
    EXPECT_EQ(flex_client_set_task_attributes(c, task.c_str(), "[1]", false, nullptr), FLEX_CODE_INVALID_PARAMS);
    EXPECT_EQ(flex_client_set_task_attributes(c, task.c_str(), nullptr, false, nullptr), FLEX_CODE_INVALID_PARAMS);
    EXPECT_EQ(flex_client_wrap_up_task(c, task.c_str(), nullptr), FLEX_CODE_TASK_RESERVATION_NOT_FOUND)
        << "wrong state";
    EXPECT_EQ(flex_client_complete_task(c, "  ", nullptr, nullptr), FLEX_CODE_INVALID_PARAMS);
    EXPECT_EQ(flex_client_get_task_participants(c, task.c_str(), nullptr), FLEX_CODE_INVALID_PARAMS);
    // The task is still offered and usable after the failures.
    ASSERT_EQ(flex_client_accept_task(c, task.c_str(), nullptr), FLEX_OK) << LastError();
}

}  // namespace
