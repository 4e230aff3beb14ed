from tests.devhub.conftest import signed_in


async def test_pages_render(team):
    client = await signed_in(team.owner)
    for path in [
        "/en-US/firefox/developers/addons/",
        "/en-US/firefox/developers/agreement/",
        "/en-US/firefox/developers/addon/submit/",
        "/en-US/firefox/developers/addon/submit/upload-listed/",
        "/en-US/firefox/developers/addon/tab-keeper/edit/",
        "/en-US/firefox/developers/addon/tab-keeper/media/",
        "/en-US/firefox/developers/addon/tab-keeper/ownership/",
        "/en-US/firefox/developers/addon/tab-keeper/versions/",
        "/en-US/firefox/developers/addon/tab-keeper/status/",
        "/en-US/firefox/developers/addon/tab-keeper/activity/",
        "/en-US/firefox/developers/addon/tab-keeper/versions/submit/",
        "/en-US/firefox/developers/addon/tab-keeper/submit/finish/",
    ]:
        response = await client.get(path)
        assert response.status_code == 200, (path, response.content[:3000])
