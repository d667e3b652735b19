module github.com/critmin/critmin

go 1.26
