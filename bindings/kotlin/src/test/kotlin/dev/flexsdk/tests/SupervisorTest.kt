package dev.flexsdk.tests

import dev.flexsdk.ErrorCode
import dev.flexsdk.FlexEvent
import dev.flexsdk.FlexSdkException
import kotlinx.coroutines.runBlocking
import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.extension.ExtendWith

/** Supervisor actions on another worker (compared and merged against the target), and refusal for an agent. */
@ExtendWith(EmulatorExtension::class)
class SupervisorTest {
    @Test
    fun `a supervisor sets an agent's activity and merges its attributes`(emu: Emulator) = runBlocking<Unit> {
        val aliceSid = emu.user().getString("worker_sid")
        emu.agent(available = false).use { alice ->
            emu.connect("supervisor").use { sup ->
                val info = sup.setWorkerActivity(aliceSid, emu.activity("available"), false)
                assertEquals(aliceSid, info.sid)
                assertEquals(emu.activity("available"), info.activitySid)
                assertEquals("Available", info.activityName)
                assertTrue(info.available)
                alice.events.await<FlexEvent.WorkerActivityUpdated> { it.worker.activityName == "Available" }
                assertEquals("Available", alice.client.getWorker().activityName)
                assertEquals("Offline", sup.getWorker().activityName, "the supervisor's own worker is untouched")

                // Already current on the TARGET (the supervisor itself is Offline): nothing changes.
                val again = sup.setWorkerActivity(aliceSid, emu.activity("available"), false)
                assertEquals(info.version, again.version)

                val before = JSONObject(sup.getWorkspace().fetchWorkerInfo(aliceSid).attributes)
                val merged = JSONObject(sup.setWorkerAttributes(aliceSid, """{"skills":{"extra":1},"pager":"42"}""", true).attributes)
                assertEquals(before.getString("contact_uri"), merged.getString("contact_uri"), "merged onto the target")
                assertEquals(before.getString("email"), merged.getString("email"))
                assertEquals(1, merged.getJSONObject("skills").getInt("extra"))
                assertEquals("42", merged.getString("pager"))
                val seen = alice.events.await<FlexEvent.WorkerAttributesUpdated> { JSONObject(it.worker.attributes).has("pager") }
                assertTrue(JSONObject(seen.worker.attributes).similar(merged))
                assertFalse(JSONObject(sup.getWorker().attributes).has("pager"))

                val replaced = sup.setWorkerAttributes(aliceSid, """{"only":true}""", false)
                assertJson("""{"only":true}""", replaced.attributes)

                val unknownWorker = assertThrows<FlexSdkException.Failure> {
                    sup.setWorkerActivity("WK" + "0".repeat(32), emu.activity("offline"), false)
                }
                assertEquals(ErrorCode.FAILED_TO_SET_WORKER_ACTIVITY_BY_SUPERVISOR, unknownWorker.code)
                val unknownActivity = assertThrows<FlexSdkException.Failure> { sup.setWorkerActivity(aliceSid, "WAunknown", false) }
                assertEquals(ErrorCode.INVALID_PARAMS, unknownActivity.code)
                val notAnObject = assertThrows<FlexSdkException.Failure> { sup.setWorkerAttributes(aliceSid, "\"x\"", false) }
                assertEquals(ErrorCode.INVALID_PARAMS, notAnObject.code)
            }
        }
    }

    @Test
    fun `an agent token is refused with AccessDenied and nothing changes`(emu: Emulator) = runBlocking<Unit> {
        val bobSid = emu.user("agent2").getString("worker_sid")
        emu.connect().use { alice ->
            val activity = assertThrows<FlexSdkException.Failure> { alice.setWorkerActivity(bobSid, emu.activity("available"), false) }
            assertEquals(ErrorCode.ACCESS_DENIED_ERROR, activity.code)
            assertEquals(48920u, activity.codeNumber)
            assertEquals(null, activity.httpStatus, "refused before any request")
            val attributes = assertThrows<FlexSdkException.Failure> { alice.setWorkerAttributes(bobSid, "{}", true) }
            assertEquals(ErrorCode.ACCESS_DENIED_ERROR, attributes.code)
            val bob = alice.getWorkspace().fetchWorkerInfo(bobSid)
            assertEquals("Offline", bob.activityName)
        }
    }
}
