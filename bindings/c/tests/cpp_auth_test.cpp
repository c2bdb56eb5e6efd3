// C++17 GoogleTest suite of the C API's sign-in, session renewal, configuration
// and logging functions (docs/api-auth.md), each test against its own flex-emulator.
#include <pthread.h>

#include <algorithm>
#include <ctime>
#include <mutex>

#include "flex_gtest.h"

namespace {

using namespace flex_test;

// What flex_get_login_details returned and what the browser brought back.
struct Login {
    std::string details, login_url, nonce, state, verifier;
    std::string location, code;
};

// What flex_exchange_token returned.
struct Tokens {
    std::string access, refresh, json;
    Login login;
};

// One log record, copied on the log thread.
struct Record {
    flex_log_level level;
    std::string target, message, fields;
    std::string thread;
};

// The C log callback's user_data.
struct LogSink {
    std::mutex lock;
    std::vector<Record> records;
    std::atomic<int> *freed = nullptr;
    static void OnLog(const flex_log_record *r, void *user_data) {
        auto *self = static_cast<LogSink *>(user_data);
        char name[32] = "";
        pthread_getname_np(pthread_self(), name, sizeof name);
        std::lock_guard<std::mutex> g(self->lock);
        self->records.push_back({r->level, r->target, r->message, r->fields_json, name});
    }
    static void Free(void *user_data) {
        auto *self = static_cast<LogSink *>(user_data);
        ++*self->freed;
    }
    std::vector<Record> Snapshot() {
        std::lock_guard<std::mutex> g(lock);
        return records;
    }
};

class Auth : public FlexC {
  protected:
    // Endpoint settings for the standalone functions: everything goes to the emulator.
    flex_test::Options Service() { return flex_test::Options(Options()); }

    std::string Profile() { return World("sso_profile_sid"); }

    // flex_get_authentication_config → flex_get_login_details → the browser (as `identity`).
    Login SignInAtTheIdp(const char *identity, const std::string &redirect_url = "flexapp://callback") {
        Login login;
        auto service = Service();
        char *raw = nullptr;
        const std::string query = R"({"account_sid":")" + World("account_sid") + R"("})";
        EXPECT_EQ(flex_get_authentication_config(service.get(), query.c_str(), &raw), FLEX_OK) << LastError();
        const std::string configs = TakeSdk(raw);
        EXPECT_EQ(Length(configs), 1) << configs;
        const std::string client_id = Field(configs, "0.client_id"), profile = Field(configs, "0.sso_profile_sid");
        EXPECT_EQ(client_id, World("client_id"));
        EXPECT_EQ(profile, Profile());
        const std::string params = R"({"client_id":")" + client_id + R"(","sso_profile_sid":")" + profile +
                                   R"(","redirect_url":")" + redirect_url + R"("})";
        EXPECT_EQ(flex_get_login_details(service.get(), params.c_str(), &raw), FLEX_OK) << LastError();
        login.details = TakeSdk(raw);
        login.login_url = Field(login.details, "login_url");
        login.nonce = Field(login.details, "nonce");
        login.state = Field(login.details, "state");
        login.verifier = Field(login.details, "code_verifier");
        login.location = Take(tk_follow_login(login.login_url.c_str(), identity));
        login.code = Take(login.location.empty() ? nullptr : tk_url_param(login.location.c_str(), "code"));
        EXPECT_FALSE(login.code.empty()) << "no code in the redirect " << login.location;
        EXPECT_EQ(Take(login.location.empty() ? nullptr : tk_url_param(login.location.c_str(), "state")), login.state);
        return login;
    }

    std::string ExchangeParams(const std::string &code, const std::string &verifier, const std::string &nonce,
                               const std::string &profile = "") {
        return R"({"code":")" + code + R"(","code_verifier":")" + verifier + R"(","nonce":")" + nonce +
               R"(","sso_profile_sid":")" + (profile.empty() ? Profile() : profile) + R"("})";
    }

    // The whole SSO sign-in of `identity`.
    Tokens SsoSignIn(const char *identity) {
        Tokens tokens;
        tokens.login = SignInAtTheIdp(identity);
        const Login &l = tokens.login;
        auto service = Service();
        char *raw = nullptr;
        EXPECT_EQ(flex_exchange_token(service.get(), ExchangeParams(l.code, l.verifier, l.nonce).c_str(), &raw),
                  FLEX_OK)
            << LastError();
        tokens.json = TakeSdk(raw);
        tokens.access = Field(tokens.json, "access_token");
        tokens.refresh = Field(tokens.json, "refresh_token");
        return tokens;
    }

    // Client options renewing the token `margin_ms` before expiry, checking every 500 ms (or `check_ms`).
    flex_client_options *Renewing(const Tokens &tokens, uint64_t margin_ms, uint64_t check_ms = 500) {
        flex_client_options *o = Options();
        EXPECT_EQ(flex_client_options_set_token_expiry_warning_ms(o, 1000), FLEX_OK);
        EXPECT_EQ(flex_client_options_set_auto_update_token(o, true), FLEX_OK);
        EXPECT_EQ(flex_client_options_set_refresh_token(o, tokens.refresh.c_str()), FLEX_OK);
        EXPECT_EQ(flex_client_options_set_sso_profile_sid(o, Profile().c_str()), FLEX_OK);
        EXPECT_EQ(flex_client_options_set_app_type(o, FLEX_APP_TYPE_SINGLE_PAGE_APP), FLEX_OK);
        EXPECT_EQ(flex_client_options_set_refresh_margin_ms(o, margin_ms), FLEX_OK);
        EXPECT_EQ(flex_client_options_set_token_check_interval_ms(o, check_ms), FLEX_OK);
        return o;
    }

    long ExpiresAt(flex_client *client) {
        char *raw = nullptr;
        EXPECT_EQ(flex_client_token_info(client, &raw), FLEX_OK);
        return std::atol(Field(TakeSdk(raw), "expires_at").c_str());
    }
};

TEST_F(Auth, SsoFlowSignsInAndCreatesARenewingClient) {
    Login login = SignInAtTheIdp("alice");
    EXPECT_EQ(login.login_url.rfind(std::string(emu_.base_url) +
                                        "/v1/Flex/Authorize?redirectUrl=flexapp%3A%2F%2Fcallback&nonce=",
                                    0),
              0u)
        << login.login_url;
    EXPECT_NE(login.login_url.find("&ssoProfileSid=" + Profile()), std::string::npos) << login.login_url;
    EXPECT_EQ(login.verifier.size(), 64u);
    EXPECT_EQ(login.login_url.find(login.verifier), std::string::npos) << "the verifier stays with the app";
    const char *url = login.login_url.c_str();
    EXPECT_EQ(Take(tk_url_param(url, "nonce")), login.nonce);
    EXPECT_EQ(Take(tk_url_param(url, "state")), login.state);
    EXPECT_EQ(Take(tk_url_param(url, "codeChallenge")), Field(login.details, "code_challenge"));
    EXPECT_EQ(Take(tk_url_param(url, "ssoProfileSid")), Profile());
    EXPECT_EQ(login.location.rfind("flexapp://callback?", 0), 0u) << login.location;
    // Without a user the identity provider shows its login form.
    const std::string form = Take(tk_http_get(login.login_url.c_str()));
    EXPECT_NE(form.find("<form"), std::string::npos);
    EXPECT_NE(form.find("alice"), std::string::npos);

    auto service = Service();
    char *raw = nullptr;
    const std::string by_domain = R"({"runtime_domain":")" + World("runtime_domain") + R"("})";
    ASSERT_EQ(flex_get_authentication_config(service.get(), by_domain.c_str(), &raw), FLEX_OK) << LastError();
    const std::string configs = TakeSdk(raw);
    EXPECT_EQ(Field(configs, "0.client_id"), World("client_id"));
    EXPECT_EQ(Field(configs, "0.connection_name"), Profile());
    EXPECT_EQ(Field(configs, "0.instance_sid"), World("flex_instance_sid"));
    EXPECT_EQ(Field(configs, "0.active"), "true");
    EXPECT_EQ(Field(configs, "0.app_type"), "SinglePageApp");

    ASSERT_EQ(flex_exchange_token(service.get(), ExchangeParams(login.code, login.verifier, login.nonce).c_str(), &raw),
              FLEX_OK)
        << LastError();
    const std::string tokens = TakeSdk(raw);
    const std::string access = Field(tokens, "access_token"), refresh = Field(tokens, "refresh_token");
    ASSERT_FALSE(access.empty());
    ASSERT_FALSE(refresh.empty());
    EXPECT_NE(Field(tokens, "token_info"), "null");

    ASSERT_EQ(flex_validate_token(service.get(), World("account_sid").c_str(), access.c_str(), &raw), FLEX_OK)
        << LastError();
    const std::string data = TakeSdk(raw);
    EXPECT_EQ(Field(data, "valid"), "true");
    EXPECT_EQ(Field(data, "identity"), "alice");
    EXPECT_EQ(Field(data, "worker_sid"), World("users.agent.worker_sid"));
    EXPECT_EQ(Field(data, "flex_instance_sid"), World("flex_instance_sid"));
    EXPECT_EQ(Field(data, "account_sid"), World("account_sid"));
    EXPECT_NE(Field(data, "realm_user_id"), "null");
    EXPECT_GT(std::atol(Field(data, "expires_at").c_str()), static_cast<long>(std::time(nullptr)));

    Tokens t;
    t.access = access;
    t.refresh = refresh;
    auto alice = std::make_unique<Agent>();
    ASSERT_EQ(alice->Create(access, Renewing(t, 60000, 15000)), FLEX_OK) << LastError();
    ASSERT_EQ(flex_client_token_info(alice->get(), &raw), FLEX_OK);
    EXPECT_EQ(Field(TakeSdk(raw), "identity"), "alice");
    ASSERT_EQ(flex_client_get_worker(alice->get(), &raw), FLEX_OK);
    EXPECT_EQ(Field(TakeSdk(raw), "sid"), World("users.agent.worker_sid"));
    GoAvailable(alice->get());
    alice->Wait(FLEX_EVENT_WORKER_ACTIVITY_UPDATED);

    // A mobile app names itself in the login URL.
    auto mobile = Service();
    const std::string params = R"({"client_id":")" + World("client_id") + R"(","sso_profile_sid":")" + Profile() +
                               R"(","redirect_url":"myapp://callback","app_type":"MobileApp"})";
    ASSERT_EQ(flex_get_login_details(mobile.get(), params.c_str(), &raw), FLEX_OK) << LastError();
    EXPECT_NE(Field(TakeSdk(raw), "login_url").find("appType=MobileApp"), std::string::npos);
}

TEST_F(Auth, TheRedirectKeepsItsOwnQuery) {
    const Login l = SignInAtTheIdp("bob", "https://app.example/cb?x=1");
    EXPECT_EQ(l.location.rfind("https://app.example/cb?x=1&code=", 0), 0u) << l.location;
    auto service = Service();
    char *raw = nullptr;
    ASSERT_EQ(flex_exchange_token(service.get(), ExchangeParams(l.code, l.verifier, l.nonce).c_str(), &raw), FLEX_OK)
        << LastError();
    const std::string access = Field(TakeSdk(raw), "access_token");
    ASSERT_EQ(flex_validate_token(service.get(), World("account_sid").c_str(), access.c_str(), &raw), FLEX_OK)
        << LastError();
    EXPECT_EQ(Field(TakeSdk(raw), "identity"), "bob");
}

TEST_F(Auth, AutoRenewalNeedsARefreshToken) {
    flex_client_options *o = Options();
    ASSERT_EQ(flex_client_options_set_auto_update_token(o, true), FLEX_OK);
    flex_client *raw = reinterpret_cast<flex_client *>(&raw);
    EXPECT_EQ(flex_create_client(World("users.agent.token").c_str(), o, &raw), FLEX_CODE_INVALID_PARAMS);
    EXPECT_EQ(raw, nullptr);
    flex_client_options_free(o);
    o = flex_client_options_create();
    EXPECT_EQ(flex_client_options_set_app_type(o, 7), FLEX_CODE_INVALID_PARAMS);
    flex_client_options_free(o);
}

TEST_F(Auth, APersistedSessionRestartsAfterARenewal) {
    StartEmulator({"--sso-token-ttl-secs", "5"});
    const Tokens tokens = SsoSignIn("alice");
    Tokens saved;
    {
        Agent alice;
        ASSERT_EQ(alice.Create(tokens.access, Renewing(tokens, 4000)), FLEX_OK) << LastError();
        // What the app persists: the event's tokens, the same as the client's own.
        saved.json = alice.Wait(FLEX_EVENT_TOKEN_UPDATED, "access_token");
        saved.access = Field(saved.json, "access_token");
        saved.refresh = Field(saved.json, "refresh_token");
        char *raw = nullptr;
        ASSERT_EQ(flex_client_token(alice.get(), &raw), FLEX_OK) << LastError();
        const std::string current = TakeSdk(raw);
        EXPECT_EQ(Field(current, "access_token"), saved.access);
        EXPECT_EQ(Field(current, "refresh_token"), saved.refresh);
        EXPECT_NE(saved.refresh, tokens.refresh) << "the refresh token rotated";
        alice.Close();
    }
    // The app restarts from what it saved, and the restored session renews again.
    Agent restored;
    ASSERT_EQ(restored.Create(saved.access, Renewing(saved, 4000)), FLEX_OK) << LastError();
    restored.Wait(FLEX_EVENT_TOKEN_UPDATED, "access_token");
    ASSERT_EQ(flex_client_set_current_activity(restored.get(), World("activities.available").c_str(), false, nullptr),
              FLEX_OK)
        << LastError();
    // A blank refresh token is refused before anything is sent.
    EXPECT_EQ(flex_client_update_token(restored.get(), saved.access.c_str(), " "), FLEX_CODE_INVALID_PARAMS);
}

TEST_F(Auth, RenewsTwiceWhileEventsAndCallsKeepWorking) {
    StartEmulator({"--sso-token-ttl-secs", "6"});
    const Tokens tokens = SsoSignIn("alice");
    Agent alice;
    ASSERT_EQ(alice.Create(tokens.access, Renewing(tokens, 4000)), FLEX_OK) << LastError();
    const long first_expiry = ExpiresAt(alice.get());
    const std::string activities[] = {World("activities.available"), World("activities.break")};
    const auto start = std::chrono::steady_clock::now();
    size_t changes = 0;
    while (std::chrono::steady_clock::now() - start < std::chrono::seconds(9)) {
        ASSERT_EQ(flex_client_set_current_activity(alice.get(), activities[changes % 2].c_str(), false, nullptr),
                  FLEX_OK)
            << "call " << changes << ": " << LastError();
        changes++;
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
    }
    EXPECT_TRUE(Eventually([&] { return alice.Count(FLEX_EVENT_WORKER_ACTIVITY_UPDATED) >= changes; }))
        << alice.Count(FLEX_EVENT_WORKER_ACTIVITY_UPDATED) << " of " << changes << " activity events";
    EXPECT_GE(alice.Count(FLEX_EVENT_TOKEN_UPDATED), 2u);
    EXPECT_GT(ExpiresAt(alice.get()), first_expiry);
    EXPECT_EQ(alice.Count(FLEX_EVENT_TOKEN_EXPIRED), 0u);
    EXPECT_EQ(alice.Count(FLEX_EVENT_TOKEN_AUTO_UPDATE_FAILED), 0u);
    EXPECT_EQ(alice.Count(FLEX_EVENT_CONNECTION_STATE_CHANGED), 0u) << "the socket stays open";
    flex_connection_state state = FLEX_CONNECTION_DISCONNECTED;
    ASSERT_EQ(flex_client_connection_state(alice.get(), &state), FLEX_OK);
    EXPECT_EQ(state, FLEX_CONNECTION_CONNECTED);
    // Work still reaches the renewed session.
    ASSERT_EQ(flex_client_set_current_activity(alice.get(), activities[0].c_str(), false, nullptr), FLEX_OK);
    const std::string task = Take(tk_create_task(&emu_, "chat", "{}"));
    alice.Wait(FLEX_EVENT_RESERVATION_CREATED, task);
    EXPECT_EQ(flex_client_accept_task(alice.get(), task.c_str(), nullptr), FLEX_OK) << LastError();
}

TEST_F(Auth, SessionReachesItsMaxLifetime) {
    StartEmulator({"--sso-token-ttl-secs", "4", "--max-session-lifetime-secs", "6"});
    const Tokens tokens = SsoSignIn("alice");
    Agent alice;
    ASSERT_EQ(alice.Create(tokens.access, Renewing(tokens, 3000)), FLEX_OK) << LastError();
    const std::string reached = alice.Wait(FLEX_EVENT_TOKEN_MAX_LIFETIME_REACHED, "", 20000);
    ASSERT_FALSE(reached.empty());
    EXPECT_EQ(std::atol(Field(reached, "expires_at").c_str()), ExpiresAt(alice.get()));
    EXPECT_GE(alice.Count(FLEX_EVENT_TOKEN_UPDATED), 1u);
    EXPECT_EQ(alice.Count(FLEX_EVENT_TOKEN_MAX_LIFETIME_REACHED), 1u);
    EXPECT_EQ(alice.Count(FLEX_EVENT_TOKEN_AUTO_UPDATE_FAILED), 0u);
    const auto kinds = alice.Kinds();
    EXPECT_LT(std::find(kinds.begin(), kinds.end(), FLEX_EVENT_TOKEN_UPDATED) - kinds.begin(),
              std::find(kinds.begin(), kinds.end(), FLEX_EVENT_TOKEN_MAX_LIFETIME_REACHED) - kinds.begin());
    // Signing in again (update_token) gives the client a new lease.
    const std::string fresh = Take(tk_mint_token(&emu_, "agent", 3600));
    const size_t updates = alice.Count(FLEX_EVENT_TOKEN_UPDATED);
    ASSERT_EQ(flex_client_update_token(alice.get(), fresh.c_str(), nullptr), FLEX_OK) << LastError();
    EXPECT_TRUE(Eventually([&] { return alice.Count(FLEX_EVENT_TOKEN_UPDATED) > updates; }));
    EXPECT_GT(ExpiresAt(alice.get()), std::atol(Field(reached, "expires_at").c_str()));
}

// A 5xx refresh is first retried by the HTTP layer (3 attempts), so three 503s make
// one renewal fail; it is retried with backoff and recovers.
TEST_F(Auth, AFailingRefreshIsRetriedUntilItWorks) {
    StartEmulator({"--sso-token-ttl-secs", "14"});
    const Tokens tokens = SsoSignIn("alice");
    ASSERT_TRUE(tk_fail_refresh(&emu_, 3, 503));
    Agent alice;
    // A 10 s margin on a 14 s token: the first renewal is due ~4 s after sign-in.
    ASSERT_EQ(alice.Create(tokens.access, Renewing(tokens, 10000)), FLEX_OK) << LastError();
    const long first_expiry = ExpiresAt(alice.get());
    const std::string failed = alice.Wait(FLEX_EVENT_TOKEN_AUTO_UPDATE_FAILED, "", 25000);
    EXPECT_EQ(Field(failed, "terminal"), "false");
    EXPECT_EQ(Field(failed, "error.http_status"), "503");
    EXPECT_NE(Field(failed, "retry_in_ms"), "null");
    alice.Wait(FLEX_EVENT_TOKEN_UPDATED, "", 25000);
    std::vector<unsigned> renewal;
    for (unsigned k : alice.Kinds())
        if (k == FLEX_EVENT_TOKEN_UPDATED || k == FLEX_EVENT_TOKEN_AUTO_UPDATE_FAILED) renewal.push_back(k);
    EXPECT_EQ(renewal, (std::vector<unsigned>{FLEX_EVENT_TOKEN_AUTO_UPDATE_FAILED, FLEX_EVENT_TOKEN_UPDATED}));
    flex_renewal_state renewal_state = FLEX_RENEWAL_OFF;
    ASSERT_EQ(flex_client_renewal_state(alice.get(), &renewal_state), FLEX_OK);
    EXPECT_EQ(renewal_state, FLEX_RENEWAL_ACTIVE);
    EXPECT_EQ(alice.Count(FLEX_EVENT_TOKEN_EXPIRED), 0u);
    EXPECT_GT(ExpiresAt(alice.get()), first_expiry);
    char *raw = nullptr;
    ASSERT_EQ(flex_client_set_current_activity(alice.get(), World("activities.available").c_str(), false, &raw),
              FLEX_OK)
        << LastError();
    EXPECT_EQ(Field(TakeSdk(raw), "activity_name"), "Available");
    alice.Wait(FLEX_EVENT_WORKER_ACTIVITY_UPDATED);
    flex_connection_state state = FLEX_CONNECTION_DISCONNECTED;
    ASSERT_EQ(flex_client_connection_state(alice.get(), &state), FLEX_OK);
    EXPECT_EQ(state, FLEX_CONNECTION_CONNECTED);
}

// A refresh refused with 400 (invalid grant) cannot succeed by retrying: renewal stops
// until the app signs in again and hands the client the new tokens.
TEST_F(Auth, ARefusedRefreshStopsRenewalUntilANewSignIn) {
    StartEmulator({"--sso-token-ttl-secs", "14"});
    const Tokens tokens = SsoSignIn("alice");
    ASSERT_TRUE(tk_fail_refresh(&emu_, 1, 400));
    Agent alice;
    ASSERT_EQ(alice.Create(tokens.access, Renewing(tokens, 10000)), FLEX_OK) << LastError();
    const std::string failed = alice.Wait(FLEX_EVENT_TOKEN_AUTO_UPDATE_FAILED, "", 25000);
    EXPECT_EQ(Field(failed, "terminal"), "true");
    EXPECT_EQ(Field(failed, "error.http_status"), "400");
    EXPECT_EQ(Field(failed, "retry_in_ms"), "null");
    flex_renewal_state renewal_state = FLEX_RENEWAL_OFF;
    ASSERT_EQ(flex_client_renewal_state(alice.get(), &renewal_state), FLEX_OK);
    EXPECT_EQ(renewal_state, FLEX_RENEWAL_STOPPED);

    const Tokens again = SsoSignIn("alice");
    const size_t updates = alice.Count(FLEX_EVENT_TOKEN_UPDATED);
    ASSERT_EQ(flex_client_update_token(alice.get(), again.access.c_str(), again.refresh.c_str()), FLEX_OK)
        << LastError();
    ASSERT_EQ(flex_client_renewal_state(alice.get(), &renewal_state), FLEX_OK);
    EXPECT_EQ(renewal_state, FLEX_RENEWAL_ACTIVE);
    // The app's update, then the renewal with the new refresh token (due ~4 s later).
    EXPECT_TRUE(Eventually([&] { return alice.Count(FLEX_EVENT_TOKEN_UPDATED) >= updates + 2; }, 25000));
    EXPECT_EQ(alice.Count(FLEX_EVENT_TOKEN_AUTO_UPDATE_FAILED), 1u);
}


TEST_F(Auth, BadExchangesAreRefused) {
    auto service = Service();
    char *raw = nullptr;
    const Login l = SignInAtTheIdp("alice");
    // Wrong verifier.
    EXPECT_NE(flex_exchange_token(service.get(), ExchangeParams(l.code, std::string(64, 'x'), l.nonce).c_str(), &raw),
              FLEX_OK);
    ErrorInfo e = LastErrorInfo();
    EXPECT_EQ(e.http_status, 400);
    EXPECT_EQ(e.twilio_code, 20001u);
    EXPECT_NE(e.message.find("code_verifier"), std::string::npos) << e.message;
    // Wrong nonce.
    EXPECT_NE(flex_exchange_token(service.get(), ExchangeParams(l.code, l.verifier, "nonce").c_str(), &raw), FLEX_OK);
    e = LastErrorInfo();
    EXPECT_NE(e.message.find("nonce"), std::string::npos) << e.message;
    // The right one works once; the code cannot be reused.
    const std::string ok = ExchangeParams(l.code, l.verifier, l.nonce);
    ASSERT_EQ(flex_exchange_token(service.get(), ok.c_str(), &raw), FLEX_OK) << LastError();
    flex_string_free(raw);
    raw = nullptr;
    EXPECT_NE(flex_exchange_token(service.get(), ok.c_str(), &raw), FLEX_OK);
    EXPECT_EQ(raw, nullptr) << "out-parameters are not written on failure";
    e = LastErrorInfo();
    EXPECT_EQ(e.http_status, 400);
    EXPECT_NE(e.message.find("already used"), std::string::npos) << e.message;
    // An unknown SSO profile is BadSsoSettings (70251), passed through.
    EXPECT_EQ(flex_exchange_token(service.get(), ExchangeParams("c", "v", "n", "JBunknown").c_str(), &raw), 70251u);
    EXPECT_STREQ(flex_code_name(70251), "BadSsoSettings");
    // Blank or malformed parameters never reach the server.
    EXPECT_EQ(flex_exchange_token(service.get(), ExchangeParams(" ", l.verifier, l.nonce).c_str(), &raw),
              FLEX_CODE_INVALID_PARAMS);
    EXPECT_EQ(flex_exchange_token(service.get(), "{\"code\":", &raw), FLEX_CODE_INVALID_PARAMS);
    EXPECT_EQ(flex_exchange_token(service.get(), nullptr, &raw), FLEX_CODE_INVALID_PARAMS);
}

// Known problem: the auth functions check `out_json` only after the request, so a NULL
// out-parameter consumes the code (or rotates a refresh token away) and then fails.
TEST_F(Auth, NullOutParameterIsRefusedBeforeTheRequest) {
    auto service = Service();
    const Login l = SignInAtTheIdp("alice");
    const std::string ok = ExchangeParams(l.code, l.verifier, l.nonce);
    EXPECT_EQ(flex_exchange_token(service.get(), ok.c_str(), nullptr), FLEX_CODE_INVALID_PARAMS);
    char *raw = nullptr;
    EXPECT_EQ(flex_exchange_token(service.get(), ok.c_str(), &raw), FLEX_OK) << "the code is still good";
    flex_string_free(raw);
}

TEST_F(Auth, ExpiredCodeIsRefused) {
    StartEmulator({"--auth-code-ttl-secs", "1"});
    auto service = Service();
    const Login l = SignInAtTheIdp("bob");
    std::this_thread::sleep_for(std::chrono::milliseconds(1300));
    char *raw = nullptr;
    EXPECT_NE(flex_exchange_token(service.get(), ExchangeParams(l.code, l.verifier, l.nonce).c_str(), &raw), FLEX_OK);
    const ErrorInfo e = LastErrorInfo();
    EXPECT_EQ(e.http_status, 400);
    EXPECT_NE(e.message.find("expired"), std::string::npos) << e.message;
}

TEST_F(Auth, RefreshTokensRotate) {
    const Tokens tokens = SsoSignIn("bob");
    auto service = Service();
    const std::string params =
        R"({"refresh_token":")" + tokens.refresh + R"(","sso_profile_sid":")" + Profile() + R"("})";
    char *raw = nullptr;
    ASSERT_EQ(flex_refresh_token(service.get(), params.c_str(), &raw), FLEX_OK) << LastError();
    const std::string next = TakeSdk(raw);
    EXPECT_NE(Field(next, "refresh_token"), tokens.refresh);
    EXPECT_FALSE(Field(next, "access_token").empty());
    ASSERT_EQ(flex_validate_token(service.get(), World("account_sid").c_str(), Field(next, "access_token").c_str(), &raw),
              FLEX_OK)
        << LastError();
    EXPECT_EQ(Field(TakeSdk(raw), "identity"), "bob");
    EXPECT_NE(flex_refresh_token(service.get(), params.c_str(), &raw), FLEX_OK) << "the used refresh token is dead";
    EXPECT_EQ(LastErrorInfo().http_status, 400);
}

TEST_F(Auth, TamperedTokensDoNotValidate) {
    const Tokens tokens = SsoSignIn("alice");
    auto service = Service();
    char *raw = nullptr;
    const std::string tampered = tokens.access + "x";
    EXPECT_EQ(flex_validate_token(service.get(), World("account_sid").c_str(), tampered.c_str(), &raw), 20101u);
    EXPECT_STREQ(flex_code_name(20101), "InvalidAccessToken");
    std::string flipped = tokens.access;
    const size_t payload = flipped.find('.') + 3;
    flipped[payload] = flipped[payload] == 'A' ? 'B' : 'A';
    EXPECT_NE(flex_validate_token(service.get(), World("account_sid").c_str(), flipped.c_str(), &raw), FLEX_OK);
    EXPECT_EQ(flex_validate_token(service.get(), World("account_sid").c_str(), " ", &raw), FLEX_CODE_INVALID_PARAMS);
    EXPECT_EQ(flex_validate_token(service.get(), nullptr, tokens.access.c_str(), &raw), FLEX_CODE_INVALID_PARAMS);
    // The untouched token still validates.
    ASSERT_EQ(flex_validate_token(service.get(), World("account_sid").c_str(), tokens.access.c_str(), &raw), FLEX_OK)
        << LastError();
    EXPECT_EQ(Field(TakeSdk(raw), "valid"), "true");
}

TEST_F(Auth, LogRecordsReachACallbackWithoutSecrets) {
    StartEmulator({"--sso-token-ttl-secs", "4"});
    std::atomic<int> freed{0};
    auto *sink = new LogSink;
    sink->freed = &freed;
    ASSERT_EQ(flex_set_log_level(FLEX_LOG_LEVEL_TRACE), FLEX_OK);
    ASSERT_EQ(flex_set_log_listener(LogSink::OnLog, sink, LogSink::Free), FLEX_OK);

    const Tokens tokens = SsoSignIn("alice");
    auto service = Service();
    char *raw = nullptr;
    // A refused reuse of the code (an error that carries the secrets in its request).
    const Login &l = tokens.login;
    EXPECT_NE(flex_exchange_token(service.get(), ExchangeParams(l.code, l.verifier, l.nonce).c_str(), &raw), FLEX_OK);
    {
        Agent alice;
        ASSERT_EQ(alice.Create(tokens.access, Renewing(tokens, 3000, 300)), FLEX_OK) << LastError();
        alice.Wait(FLEX_EVENT_TOKEN_UPDATED, "", 20000);
        GoAvailable(alice.get());
    }
    ASSERT_TRUE(Eventually([&] {
        for (const Record &r : sink->Snapshot())
            if (r.target == "flex_core::session" && r.message == "token renewed") return true;
        return false;
    })) << "no 'token renewed' record";
    ASSERT_EQ(flex_set_log_listener(nullptr, nullptr, nullptr), FLEX_OK);
    ASSERT_EQ(flex_set_log_level(FLEX_LOG_LEVEL_WARN), FLEX_OK);
    EXPECT_TRUE(Eventually([&] { return freed == 1; })) << "user_data destructor after removal";

    const auto records = sink->Snapshot();
    EXPECT_GT(records.size(), 5u);
    bool info = false, debug = false, redacted = false;
    for (const Record &r : records) {
        info |= r.level == FLEX_LOG_LEVEL_INFO;
        debug |= r.level == FLEX_LOG_LEVEL_DEBUG;
        redacted |= (r.message + r.fields).find("[redacted]") != std::string::npos;
        EXPECT_EQ(r.target.rfind("flex_core", 0), 0u) << r.target;
    }
    EXPECT_TRUE(info && debug);
    EXPECT_TRUE(redacted) << "secrets are replaced, not just absent";
    const std::string secrets[] = {tokens.access, tokens.refresh, l.code, l.verifier};
    for (const Record &r : records) {
        const std::string text = r.target + " " + r.message + " " + r.fields;
        EXPECT_EQ(r.thread, "flex-log") << "delivered on the log thread: " << text;
        EXPECT_LE(r.level, FLEX_LOG_LEVEL_ERROR) << text;
        EXPECT_EQ(r.fields.front(), '[') << text;
        for (const std::string &secret : secrets) EXPECT_EQ(text.find(secret), std::string::npos) << "secret in " << text;
        EXPECT_EQ(text.find("eyJ"), std::string::npos) << "a JWT in " << text;
    }
    // Removed: later records do not reach the old callback.
    const size_t before = records.size();
    const Tokens again = SsoSignIn("bob");
    EXPECT_FALSE(again.access.empty());
    EXPECT_EQ(sink->Snapshot().size(), before);
    EXPECT_EQ(freed, 1);
    delete sink;
}

TEST_F(Auth, ConfigurationReads) {
    auto service = Service();
    char *raw = nullptr;
    const std::string account = World("account_sid"), domain = World("runtime_domain");
    ASSERT_EQ(flex_get_public_config(service.get(), account.c_str(), nullptr, &raw), FLEX_OK) << LastError();
    const std::string by_account = TakeSdk(raw);
    EXPECT_EQ(Field(by_account, "account_sid"), account);
    EXPECT_EQ(Field(by_account, "runtime_domain"), domain);
    const std::string bare = domain.substr(0, domain.find(".twil.io"));
    ASSERT_EQ(flex_get_public_config(service.get(), nullptr, bare.c_str(), &raw), FLEX_OK) << LastError();
    const std::string by_domain = TakeSdk(raw);
    EXPECT_EQ(Field(by_domain, "account_sid"), account);
    EXPECT_EQ(Field(by_domain, "runtime_domain"), domain);
    EXPECT_EQ(Field(by_domain, "public_attributes"), Field(by_account, "public_attributes"));
    EXPECT_EQ(flex_get_public_config(service.get(), nullptr, nullptr, &raw), FLEX_CODE_INVALID_PARAMS);
    EXPECT_EQ(flex_get_public_config(service.get(), account.c_str(), bare.c_str(), &raw), FLEX_CODE_INVALID_PARAMS);
    const flex_result none = flex_get_public_config(service.get(), "ACnope", nullptr, &raw);
    EXPECT_STREQ(flex_code_name(none), "InvalidResponseFromPublicConfig") << none;

    const std::string token = World("users.supervisor.token");
    ASSERT_EQ(flex_get_account_config(service.get(), token.c_str(), "3.0.0", &raw), FLEX_OK) << LastError();
    const std::string config = TakeSdk(raw);
    EXPECT_EQ(Field(config, "account_sid"), account);
    EXPECT_EQ(Field(config, "runtime_domain"), domain);
    EXPECT_NE(config.find("\"ui_attributes\""), std::string::npos) << "snake_case keys as the server sends them";
    EXPECT_EQ(flex_get_account_config(service.get(), "not-a-token", nullptr, &raw), 20101u);

    ASSERT_EQ(flex_get_features_config(service.get(), token.c_str(), "3.0.0", &raw), FLEX_OK) << LastError();
    const std::string features = TakeSdk(raw);
    EXPECT_NE(features.find("\"flex-sdk-v3-telemetry\""), std::string::npos) << features;
    EXPECT_EQ(Field(features, "insights_active"), "false");
    bool emulator_feature = false;
    for (int i = 0; i < Length(Field(features, "features")); i++) {
        const std::string f = Field(Field(features, "features"), std::to_string(i).c_str());
        if (Field(f, "id") != "flex-emulator") continue;
        emulator_feature = true;
        EXPECT_EQ(Field(f, "enabled"), "true");
        EXPECT_EQ(Field(f, "stage"), "ga");
    }
    EXPECT_TRUE(emulator_feature) << features;
    const flex_result bad = flex_get_features_config(service.get(), "bad", nullptr, &raw);
    EXPECT_NE(bad, FLEX_OK);
    EXPECT_NE(bad, FLEX_CODE_UNEXPECTED_ERROR);
}

TEST_F(Auth, SetAccountConfigChecksKeys) {
    auto service = Service();
    char *raw = nullptr;
    const std::string account = World("account_sid"), token = World("users.supervisor.token");
    ASSERT_EQ(flex_get_account_config(service.get(), token.c_str(), nullptr, &raw), FLEX_OK) << LastError();
    const std::string before = Field(TakeSdk(raw), "ui_attributes");

    EXPECT_EQ(flex_set_account_config(service.get(), account.c_str(), token.c_str(),
                                      R"({"uiAttributes":{},"secretSauce":true})", &raw),
              FLEX_CODE_INVALID_PARAMS);
    EXPECT_NE(LastErrorInfo().message.find("secretSauce is not a valid key"), std::string::npos);
    EXPECT_EQ(flex_set_account_config(service.get(), account.c_str(), token.c_str(), "[1]", &raw),
              FLEX_CODE_INVALID_PARAMS);
    EXPECT_EQ(flex_set_account_config(service.get(), account.c_str(), token.c_str(), "{\"a\":", &raw),
              FLEX_CODE_INVALID_PARAMS);
    ASSERT_EQ(flex_get_account_config(service.get(), token.c_str(), nullptr, &raw), FLEX_OK) << LastError();
    EXPECT_EQ(Field(TakeSdk(raw), "ui_attributes"), before) << "nothing was sent";

    ASSERT_EQ(flex_set_account_config(service.get(), account.c_str(), token.c_str(),
                                      R"({"uiAttributes":{"theme":"dark"},"ui_language":"fr","public_attributes":{"brand":"acme"}})",
                                      &raw),
              FLEX_OK)
        << LastError();
    const std::string updated = TakeSdk(raw);
    EXPECT_EQ(Field(updated, "ui_attributes.theme"), "dark");
    EXPECT_EQ(Field(updated, "public_attributes.brand"), "acme");
    EXPECT_EQ(updated.find("\"uiAttributes\""), std::string::npos) << "answered in snake_case";
    ASSERT_EQ(flex_get_public_config(service.get(), account.c_str(), nullptr, &raw), FLEX_OK) << LastError();
    EXPECT_EQ(Field(TakeSdk(raw), "public_attributes"), R"({"brand":"acme"})");
    ASSERT_EQ(flex_get_account_config(service.get(), token.c_str(), nullptr, &raw), FLEX_OK) << LastError();
    const std::string again = TakeSdk(raw);
    EXPECT_EQ(Field(again, "ui_language"), "fr");
    EXPECT_EQ(Field(again, "ui_attributes.theme"), "dark");
}

}  // namespace
