[ http://example.org/foo?x=1 x:y https://a.b/c ]
