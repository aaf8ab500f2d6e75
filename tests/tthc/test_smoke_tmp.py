import pytest
pytestmark = pytest.mark.django_db

def test_pages(client_for, client):
    from dieuhanh.tthc.demo import load_demo_dossiers
    load_demo_dossiers()
    c = client_for("vanphong")
    for url in ["/tthc/", "/tthc/thong-ke/?ky=2021-07", "/tthc/xep-hang/?ky=2021-07", "/tthc/nhap/", "/tthc/nguon/", "/tthc/nguon/moi/", "/tthc/nhap/1/", "/tthc/bao-cao/2021-07.docx", "/tthc/ban-tin/2021-07.txt", "/api/tthc/snapshot/2021-07", "/api/tthc/imports/1"]:
        r = c.get(url, follow=True)
        print(url, r.status_code, len(r.content))
        assert r.status_code == 200, r.content[:2000]
    r = c.get("/tthc/xep-hang/?ky=2021-07", HTTP_HX_REQUEST="true")
    assert r.status_code == 200
    r = c.post("/tthc/xep-hang/2021-07/don-doc/08803/", HTTP_HX_REQUEST="true")
    print(r.content.decode())
    for url in ["/cong-khai/tthc/", "/cong-khai/tthc/2021-07/", "/cong-khai/tthc/2021-07.csv", "/cong-khai/tthc/2021-07.json", "/cong-khai/tthc/2021-07/ban-tin.txt"]:
        r = client.get(url)
        print(url, r.status_code, len(r.content))
        assert r.status_code == 200, r.content[:2000]
    open("/tmp/pub.html","wb").write(client.get("/cong-khai/tthc/2021-07/").content)
    open("/tmp/rank.html","wb").write(c.get("/tthc/xep-hang/?ky=2021-07").content)
