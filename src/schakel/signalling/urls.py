app_name = "signalling"
urlpatterns: list = []
