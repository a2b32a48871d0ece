print("<script>alert('owned')</script>")
print("**bold** and [a link](http://example.com) and <b>tags</b> & entities")
print('--8<-- "/etc/passwd"')
print('{{ claim("1 > 2") }} MEASURED-FRAGMENT-0-')
