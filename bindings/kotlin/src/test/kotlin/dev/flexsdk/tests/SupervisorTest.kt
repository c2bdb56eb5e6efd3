package dev.flexsdk.tests

import dev.flexsdk.ErrorCode
import dev.flexsdk.FlexEvent
import dev.flexsdk.FlexSdkException
import dev.flexsdk.code
import dev.flexsdk.codeNumber
import dev.flexsdk.httpStatus
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.int
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.put
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
        val aliceSid = emu.user().string("worker_sid")
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

                val before = sup.getWorkspace().fetchWorkerInfo(aliceSid).attributes.jsonObject
                val update = buildJsonObject {
                    put("skills", buildJsonObject { put("extra", 1) })
                    put("pager", "42")
                }
                val merged = sup.setWorkerAttributes(aliceSid, update, true).attributes.jsonObject
                assertEquals(before.string("contact_uri"), merged.string("contact_uri"), "merged onto the target")
                assertEquals(before.string("email"), merged.string("email"))
                assertEquals(1, merged.obj("skills").getValue("extra").jsonPrimitive.int)
                assertEquals("42", merged.string("pager"))
                val seen = alice.events.await<FlexEvent.WorkerAttributesUpdated> { "pager" in it.worker.attributes.jsonObject }
                assertEquals(merged, seen.worker.attributes)
                assertFalse("pager" in sup.getWorker().attributes.jsonObject)

                val only = buildJsonObject { put("only", true) }
                assertEquals(only, sup.setWorkerAttributes(aliceSid, only, false).attributes)

                val unknownWorker = assertThrows<FlexSdkException> {
                    sup.setWorkerActivity("WK" + "0".repeat(32), emu.activity("offline"), false)
                }
                assertEquals(ErrorCode.FAILED_TO_SET_WORKER_ACTIVITY_BY_SUPERVISOR, unknownWorker.code)
                val unknownActivity = assertThrows<FlexSdkException> { sup.setWorkerActivity(aliceSid, "WAunknown", false) }
                assertEquals(ErrorCode.INVALID_PARAMS, unknownActivity.code)
                val notAnObject = assertThrows<FlexSdkException> { sup.setWorkerAttributes(aliceSid, JsonPrimitive("x"), false) }
                assertEquals(ErrorCode.INVALID_PARAMS, notAnObject.code)
            }
        }
    }

    @Test
    fun `an agent token is refused with AccessDenied and nothing changes`(emu: Emulator) = runBlocking<Unit> {
        val bobSid = emu.user("agent2").string("worker_sid")
        emu.connect().use { alice ->
            val activity = assertThrows<FlexSdkException> { alice.setWorkerActivity(bobSid, emu.activity("available"), false) }
            assertEquals(ErrorCode.ACCESS_DENIED_ERROR, activity.code)
            assertEquals(48920u, activity.codeNumber)
            assertEquals(null, activity.httpStatus, "refused before any request")
            val attributes = assertThrows<FlexSdkException> { alice.setWorkerAttributes(bobSid, JsonObject(emptyMap()), true) }
            assertEquals(ErrorCode.ACCESS_DENIED_ERROR, attributes.code)
            val bob = alice.getWorkspace().fetchWorkerInfo(bobSid)
            assertEquals("Offline", bob.activityName)
        }
    }
}
