package dev.flexsdk.tests

import dev.flexsdk.ErrorCode
import dev.flexsdk.FlexSdkException
import dev.flexsdk.TaskQueuesFilter
import dev.flexsdk.TaskStatus
import dev.flexsdk.WorkersFilter
import dev.flexsdk.code
import dev.flexsdk.httpStatus
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.put
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.extension.ExtendWith

/** Workspace queries: workers and queues over several pages, filters, single fetches. */
@ExtendWith(EmulatorExtension::class)
class WorkspaceTest {
    @Test
    fun `workers and queues are read across pages`(emu: Emulator) = runBlocking<Unit> {
        val created = (0 until 4).map { i ->
            emu.taskrouterPost("Workers", mapOf("FriendlyName" to "extra$i", "Attributes" to """{"team":"x","n":$i}""")).string("sid")
        }
        emu.connect().use { client ->
            val ws = client.getWorkspace()
            val all = ws.fetchWorkersInfo(WorkersFilter(pageSize = 2u))
            assertEquals(7, all.size, "3 seeded + 4 created, over 4 pages")
            assertEquals(7, all.map { it.sid }.toSet().size, "no worker twice")
            assertEquals(all.map { it.sid }.toSet(), ws.fetchWorkersInfo(WorkersFilter()).map { it.sid }.toSet())
            assertTrue(all.map { it.sid }.containsAll(created))

            val team = ws.fetchWorkersInfo(WorkersFilter(targetWorkersExpression = "team == 'x'", pageSize = 3u))
            assertEquals(created.toSet(), team.map { it.sid }.toSet())
            val bob = ws.fetchWorkersInfo(WorkersFilter(friendlyName = "bob")).single()
            assertEquals(emu.user("agent2").string("worker_sid"), bob.sid)
            assertEquals(emu.world.string("workspace_sid"), bob.workspaceSid)
            val one = ws.fetchWorkerInfo(bob.sid)
            assertEquals("client:bob", one.attributes.jsonObject.string("contact_uri"))
            val offline = ws.fetchWorkersInfo(WorkersFilter(activityName = "Offline", pageSize = 1u))
            assertEquals(7, offline.size)

            val queues = ws.fetchTaskQueues(TaskQueuesFilter(pageSize = 1u))
            assertEquals(2, queues.size)
            val voice = ws.fetchTaskQueue(emu.world.obj("queues").string("voice"))
            assertEquals("1==1", voice.targetWorkers)

            val taskSid = emu.newTask(buildJsonObject { put("a", 1) })
            val task = ws.fetchTask(taskSid)
            assertEquals(json("""{"a":1}"""), task.attributes)
            assertEquals(TaskStatus.PENDING, task.status)

            assertEquals(404.toUShort(), assertThrows<FlexSdkException> { ws.fetchTask("WT" + "0".repeat(32)) }.httpStatus)
            for (size in listOf(0u, 1001u)) {
                val e = assertThrows<FlexSdkException> { ws.fetchWorkersInfo(WorkersFilter(pageSize = size)) }
                assertEquals(ErrorCode.INVALID_PARAMS, e.code)
            }
        }
    }
}
