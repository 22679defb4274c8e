"""Calls the gateway with the official Anthropic SDK, plain and streaming, and prints what it got.

Environment: BAAS_URL (the gateway's base URL) and BAAS_KEY (a virtual key).
"""

import json
import os

import anthropic

client = anthropic.Anthropic(base_url=os.environ["BAAS_URL"], api_key=os.environ["BAAS_KEY"], max_retries=0)
request = dict(
    model="claude-sonnet-4-5",
    max_tokens=256,
    system="Você é o Lobo, assistente da VM Deco.",
    messages=[{"role": "user", "content": "Qual o horário da loja amanhã?"}],
)

plain = client.messages.create(**request)
with client.messages.stream(**request) as stream:
    streamed_text = "".join(stream.text_stream)
    final = stream.get_final_message()

try:
    anthropic.Anthropic(base_url=os.environ["BAAS_URL"], api_key="baas_vk_wrong", max_retries=0).messages.create(**request)
    auth_error = None
except anthropic.AuthenticationError as e:
    auth_error = {"status": e.status_code, "type": e.body["error"]["type"]}

print(json.dumps({
    "plain_text": plain.content[0].text,
    "plain_usage": [plain.usage.input_tokens, plain.usage.output_tokens],
    "streamed_text": streamed_text,
    "streamed_usage": [final.usage.input_tokens, final.usage.output_tokens],
    "auth_error": auth_error,
}))
